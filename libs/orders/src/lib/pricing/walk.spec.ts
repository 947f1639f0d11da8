import { quotesOf, vertical } from '../../testing/fixtures';
import { comboQuote, type ComboQuote } from './combo-quote';
import { DEFAULT_WALK, planWalkStep, popExpectedValue, type WalkSettings } from './walk-planner';
import { WalkSession } from './walk-session';

const spec = vertical('bull-call');
const q = comboQuote(spec.legs, quotesOf(spec))!; // 2.90 / 3.20, mid 3.05, half 0.15
const settings: WalkSettings = { ...DEFAULT_WALK, stepFraction: 0.25, maxSlippage: 0.1, intervalMs: 15_000, timeoutMs: 60_000 };

function quote(bid: number, ask: number): ComboQuote {
  return { bid, ask, mid: (bid + ask) / 2, halfSpread: (ask - bid) / 2 };
}

describe('planWalkStep', () => {
  it('walks mid → natural in quarter half-spreads and stops at max slippage (golden)', () => {
    const plans = [0, 1, 2, 3].map((n) => planWalkStep(n, q, 'BUY', settings));
    expect(plans.map((p) => p.price)).toEqual([3.05, 3.08, 3.12, 3.16]);
    expect(plans.slice(0, 3).every((p) => p.kind === 'price')).toBe(true);
    expect(plans[3]).toMatchObject({ kind: 'stop', reason: 'max_slippage' });
    expect(plans[3].kind === 'stop' && plans[3].detail).toBe('step 3 at 3.16 is 0.11 from mid 3.05, beyond max slippage 0.1');
  });

  it('reaches the natural exactly and holds there when slippage allows', () => {
    const wide = { ...settings, maxSlippage: 0.15 };
    expect([3, 4, 5].map((n) => planWalkStep(n, q, 'BUY', wide).price)).toEqual([3.16, 3.2, 3.2]);
  });

  it('re-anchors every step to the live mid', () => {
    expect(planWalkStep(2, quote(2.95, 3.25), 'BUY', settings).price).toBe(3.17);
    expect(planWalkStep(2, quote(2.8, 3.1), 'BUY', settings).price).toBe(3.02);
  });

  it('walks a credit spread (negative BAG price) upward toward its natural', () => {
    const credit = vertical('bull-put');
    const cq = comboQuote(credit.legs, quotesOf(credit))!; // −2.20 / −1.80, mid −2.00
    expect([0, 1, 2].map((n) => planWalkStep(n, cq, 'BUY', settings).price)).toEqual([-2, -1.95, -1.9]);
  });

  it('a SELL walks down toward the bid', () => {
    expect([0, 1, 2].map((n) => planWalkStep(n, q, 'SELL', settings).price)).toEqual([3.05, 3.02, 2.98]);
  });

  it('stops when the expected value at the next price falls below the floor', () => {
    const ev = popExpectedValue(0.7, 0, 5, 100); // 350 − 100p: 45 at 3.05, 42 at 3.08, 38 at 3.12
    const floored = { ...settings, evFloor: 40 };
    expect(planWalkStep(1, q, 'BUY', floored, ev)).toMatchObject({ kind: 'price', price: 3.08 });
    expect(planWalkStep(2, q, 'BUY', floored, ev)).toMatchObject({ kind: 'stop', reason: 'ev_floor', price: 3.12 });
  });
});

describe('WalkSession (injected clock)', () => {
  let t: number;
  const now = () => new Date(t);
  beforeEach(() => (t = Date.parse('2026-11-23T15:00:00Z')));

  it('reprices every interval, stops at max slippage, cancels at the timeout, logging each step', () => {
    const s = new WalkSession('BUY', 2, settings, now, q);
    expect(s.initialPrice).toBe(3.05);
    t += 5_000;
    expect(s.tick(q)).toEqual({ kind: 'none' }); // before the interval
    t += 10_000;
    expect(s.tick(q)).toEqual({ kind: 'modify', price: 3.08 });
    t += 15_000;
    expect(s.tick(q)).toEqual({ kind: 'modify', price: 3.12 });
    s.onFill(1, q); // partial fill logged
    t += 15_000;
    expect(s.tick(q)).toEqual({ kind: 'none' }); // step 3 would exceed max slippage
    expect(s.state).toBe('resting');
    t += 15_000;
    expect(s.tick(q)).toEqual({ kind: 'cancel', reason: 'timeout' });
    expect(s.state).toBe('cancelling');
    expect(s.log.map((l) => [l.kind, l.price, l.filledQuantity, l.at.getTime() - Date.parse('2026-11-23T15:00:00Z')])).toEqual([
      ['place', 3.05, 0, 0],
      ['reprice', 3.08, 0, 15_000],
      ['reprice', 3.12, 0, 30_000],
      ['filled', 3.12, 1, 30_000],
      ['stop', 3.12, 1, 45_000],
      ['timeout', 3.12, 1, 60_000],
    ]);
    expect(s.log[1]).toMatchObject({ bid: 2.9, ask: 3.2, mid: 3.05 });
  });

  it('is done when fully filled and then decides nothing', () => {
    const s = new WalkSession('BUY', 1, settings, now, q);
    t += 15_000;
    expect(s.tick(q)).toEqual({ kind: 'modify', price: 3.08 });
    s.onFill(1, q);
    expect(s.state).toBe('done');
    t += 60_000;
    expect(s.tick(q)).toEqual({ kind: 'none' });
  });

  it('does not step without a quote, but still times out', () => {
    const s = new WalkSession('BUY', 1, settings, now, q);
    t += 15_000;
    expect(s.tick(null)).toEqual({ kind: 'none' });
    t += 45_000;
    expect(s.tick(null)).toEqual({ kind: 'cancel', reason: 'timeout' });
  });
});

describe('WalkSession.restore (after a restart)', () => {
  let t: number;
  const t0 = Date.parse('2026-11-23T15:00:00Z');
  const now = () => new Date(t);
  beforeEach(() => (t = t0));

  /** The log of a walk driven to 30 s (two reprices, a partial fill), as stored. */
  function storedLog() {
    const s = new WalkSession('BUY', 2, settings, now, q);
    t += 15_000;
    s.tick(q);
    t += 15_000;
    s.tick(q);
    s.onFill(1, q);
    return s.log.map((l) => ({ ...l }));
  }

  it('continues from the last logged price and step, without repeating a step, and times out from the first placement', () => {
    const log = storedLog();
    t = t0 + 40_000; // restarted 10 s after the last step
    const r = WalkSession.restore('BUY', 2, settings, now, log);
    expect(r).toMatchObject({ state: 'walking', currentPrice: 3.12, stepNumber: 2, restoredSteps: 4 });
    expect(r.timeoutAt.getTime()).toBe(t0 + 60_000);
    expect(r.tick(q)).toEqual({ kind: 'none' }); // 10 s since the last step: not yet
    t = t0 + 45_000;
    expect(r.tick(q)).toEqual({ kind: 'none' }); // step 3 is beyond max slippage: rests (as the uninterrupted walk)
    expect(r.state).toBe('resting');
    t = t0 + 60_000;
    expect(r.tick(q)).toEqual({ kind: 'cancel', reason: 'timeout' });
    expect(r.log.map((l) => [l.step, l.kind])).toEqual([
      [0, 'place'],
      [1, 'reprice'],
      [2, 'reprice'],
      [3, 'filled'],
      [4, 'stop'],
      [5, 'timeout'],
    ]);
  });

  it('cancels on the first tick when the timeout passed while the API was down', () => {
    const log = storedLog();
    t = t0 + 10 * 60_000;
    const r = WalkSession.restore('BUY', 2, settings, now, log);
    expect(r.tick(null)).toEqual({ kind: 'cancel', reason: 'timeout' });
    expect(r.log.at(-1)).toMatchObject({ step: 4, kind: 'timeout', note: 'not filled within 60000 ms' });
  });

  it('a logged timeout, stop or full fill is the state it restores to; a log without its place step is refused', () => {
    const s = new WalkSession('BUY', 1, settings, now, q);
    t += 60_000;
    s.tick(q);
    expect(WalkSession.restore('BUY', 1, settings, now, s.log).state).toBe('cancelling');
    const stopped = [...storedLog().slice(0, 3), { ...storedLog()[2], step: 3, kind: 'stop' as const, note: 'beyond max slippage' }];
    expect(WalkSession.restore('BUY', 2, settings, now, stopped).state).toBe('resting');
    expect(WalkSession.restore('BUY', 1, settings, now, storedLog()).state).toBe('done');
    expect(() => WalkSession.restore('BUY', 1, settings, now, storedLog().slice(1))).toThrow('a walk log starts with its place step');
  });
});
