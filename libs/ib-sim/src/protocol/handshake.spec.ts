import { formatConnectionTime, negotiateVersion } from './handshake';

describe('negotiateVersion', () => {
  it.each([
    ['v100..193', 193],
    ['v100..226', 193],
    ['v193', 193],
    ['v150..200 +PACEAPI', 193],
  ])('%s → %d', (text, version) => {
    expect(negotiateVersion(text)).toEqual({ ok: true, version });
  });

  it.each(['v100..176', 'v194..200', 'v38', 'hello', '', 'v200..100'])('refuses %j', (text) => {
    expect(negotiateVersion(text).ok).toBe(false);
  });
});

describe('formatConnectionTime', () => {
  it('uses yyyyMMdd HH:mm:ss and the New York zone', () => {
    expect(formatConnectionTime(Date.UTC(2026, 10, 23, 15, 0, 0))).toBe('20261123 10:00:00 EST');
    expect(formatConnectionTime(Date.UTC(2026, 6, 1, 4, 5, 6))).toBe('20260701 00:05:06 EDT');
  });
});
