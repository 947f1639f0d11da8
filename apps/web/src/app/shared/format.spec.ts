import { formatTime, formatUptime, usageRatio } from './format';

describe('format helpers', () => {
  it('formats uptime compactly', () => {
    expect(formatUptime(5)).toBe('00:05');
    expect(formatUptime(65)).toBe('01:05');
    expect(formatUptime(3_725)).toBe('01:02:05');
    expect(formatUptime(2 * 86_400 + 3_600 + 1)).toBe('2d 01:00:01');
    expect(formatUptime(-3)).toBe('00:00');
  });

  it('computes usage against a limit', () => {
    expect(usageRatio(45, 90)).toBe(0.5);
    expect(usageRatio(3, 0)).toBe(0);
  });

  it('formats times and tolerates missing or odd values', () => {
    expect(formatTime(null)).toBe('—');
    expect(formatTime('not a date')).toBe('not a date');
    expect(formatTime('2026-11-21T14:30:00.000Z')).toBe(new Date('2026-11-21T14:30:00.000Z').toLocaleString());
  });
});
