import 'reflect-metadata';
import { validateVisible, VisibleRowsBySocket } from './scan-visible';

describe('scan.visible validation', () => {
  it('accepts row ids; refuses a non-list, too many, a malformed id or an unknown field, naming it', () => {
    expect(validateVisible({ ids: ['SPY|20261218|bull-put|600/595', 'BRK.B|20270115|bear-call|512.5/517.5'] })).toEqual({ ids: ['SPY|20261218|bull-put|600/595', 'BRK.B|20270115|bear-call|512.5/517.5'] });
    expect(validateVisible(null)).toMatchObject({ ok: false, field: 'ids' });
    expect(validateVisible({ ids: 'SPY' })).toMatchObject({ ok: false, field: 'ids' });
    expect(validateVisible({ ids: Array.from({ length: 201 }, () => 'SPY|20261218|bull-put|600/595') })).toMatchObject({ ok: false, field: 'ids', message: expect.stringContaining('200') });
    expect(validateVisible({ ids: ['SPY|20261218|iron-condor|600/595'] })).toMatchObject({ ok: false, field: 'ids.0' });
    expect(validateVisible({ ids: ['SPY|20261218|bull-put|600/595', 7] })).toMatchObject({ ok: false, field: 'ids.1' });
    expect(validateVisible({ ids: [], colour: 'red' })).toMatchObject({ ok: false, field: 'colour' });
  });

  it('merges the sockets’ lists, most recently updated first, and forgets a socket that left', () => {
    const v = new VisibleRowsBySocket();
    expect(v.set('a', ['A1', 'X'])).toEqual(['A1', 'X']);
    expect(v.set('b', ['B1', 'X'])).toEqual(['B1', 'X', 'A1']);
    expect(v.set('a', ['A2'])).toEqual(['A2', 'B1', 'X']);
    expect(v.forget('b')).toEqual(['A2']);
    expect(v.forget('b')).toBeNull();
  });
});
