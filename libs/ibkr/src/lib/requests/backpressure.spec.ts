import { BackpressureTiers } from './backpressure';

describe('BackpressureTiers', () => {
  it('maps queue depth to the plan tiers', () => {
    const t = new BackpressureTiers();
    expect([0, 25, 26, 50, 51, 75, 76, 100].map((d) => t.evaluate(d).level)).toEqual([
      'normal', 'normal', 'elevated', 'elevated', 'high', 'high', 'critical', 'critical',
    ]);
  });

  it('pauses above 100 and resumes only below 50', () => {
    const t = new BackpressureTiers();
    expect(t.evaluate(101)).toMatchObject({ level: 'paused', paused: true, tier: 4 });
    expect(t.evaluate(80).paused).toBe(true);
    expect(t.evaluate(50).paused).toBe(true);
    expect(t.evaluate(49)).toMatchObject({ level: 'elevated', paused: false, slowdown: 1.5 });
    expect(t.evaluate(60).level).toBe('high');
  });
});
