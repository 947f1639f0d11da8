import { ManualClock } from '../clock';
import { MessageRateLimiter } from './message-rate';

describe('MessageRateLimiter', () => {
  it('allows the limit per second, flags the first message over it, and disconnects on a sustained violation', () => {
    const clock = new ManualClock();
    const rate = new MessageRateLimiter(clock, 50, 3);
    const second = (): string[] => Array.from({ length: 55 }, () => rate.check());
    const first = second();
    expect(first.slice(0, 50).every((v) => v === 'ok')).toBe(true);
    expect(first[50]).toBe('over-first');
    expect(first.slice(51).every((v) => v === 'over')).toBe(true);
    clock.advance(1000);
    expect(second()[50]).toBe('over-first');
    clock.advance(1000);
    expect(second()[50]).toBe('disconnect');
  });

  it('forgets violations after a quiet second', () => {
    const clock = new ManualClock();
    const rate = new MessageRateLimiter(clock, 2, 2);
    for (let i = 0; i < 3; i++) rate.check();
    clock.advance(1000);
    rate.check();
    clock.advance(1000);
    expect([rate.check(), rate.check(), rate.check()]).toEqual(['ok', 'ok', 'over-first']);
  });
});
