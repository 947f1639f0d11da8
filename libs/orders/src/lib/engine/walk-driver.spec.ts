import { ManualClock } from '@ibsc/ib-sim';
import { quotesOf, vertical } from '../../testing/fixtures';
import { comboQuote } from '../pricing/combo-quote';
import { DEFAULT_WALK, type WalkSettings } from '../pricing/walk-planner';
import { WalkSession, type WalkStepRecord } from '../pricing/walk-session';
import { WalkDriver } from './walk-driver';

const spec = vertical('bull-call');
const q = comboQuote(spec.legs, quotesOf(spec))!; // 2.90 / 3.20, mid 3.05, half 0.15
const settings: WalkSettings = { ...DEFAULT_WALK, stepFraction: 0.25, maxSlippage: 0.1, intervalMs: 15_000, timeoutMs: 60_000 };

/** The walk driver with recorded actions (what it would send and store), on a manual clock. */
function setup() {
  const clock = new ManualClock();
  const sent: string[] = [];
  const stored: WalkStepRecord[] = [];
  const driver = new WalkDriver(clock, {
    quote: async () => q,
    modify: async (_id, price) => void sent.push(`modify ${price}`),
    cancel: async () => void sent.push('cancel'),
    persist: async (_id, steps) => void stored.push(...steps),
    onError: (_id, e) => sent.push(`error ${(e as Error).message}`),
  });
  const now = () => new Date(clock.now());
  return { clock, sent, stored, driver, now };
}

/** A walk's stored log: placed, then repriced once (3.08) 15 s later. */
function logOfOneReprice(now: () => Date, clock: ManualClock): WalkStepRecord[] {
  const s = new WalkSession('BUY', 1, settings, now, q);
  clock.advance(15_000);
  s.tick(q);
  return s.log.map((l) => ({ ...l }));
}

describe('WalkDriver.resume', () => {
  it('a step logged whose modify never went out is sent on resume; nothing already stored is stored again', async () => {
    const { clock, sent, stored, driver, now } = setup();
    const log = logOfOneReprice(now, clock);
    clock.advance(5_000);
    const decision = await driver.resume('o1', WalkSession.restore('BUY', 1, settings, now, log), settings, 3.05);
    expect(decision).toBe('modify');
    expect(sent).toEqual(['modify 3.08']);
    expect(stored).toEqual([]);
    driver.stopAll();
  });

  it('an order at the logged price: nothing sent until the next interval, then the next step (numbered after the log)', async () => {
    const { clock, sent, stored, driver, now } = setup();
    const log = logOfOneReprice(now, clock);
    expect(await driver.resume('o1', WalkSession.restore('BUY', 1, settings, now, log), settings, 3.08)).toBe('none');
    expect(sent).toEqual([]);
    clock.advance(15_000);
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual(['modify 3.12']);
    expect(stored.map((s) => [s.step, s.kind, s.price])).toEqual([[2, 'reprice', 3.12]]);
    expect(await driver.resume('o1', WalkSession.restore('BUY', 1, settings, now, log), settings, 3.08)).toBe('none'); // already walking here
    driver.stopAll();
  });

  it('a timeout logged before the restart re-sends the cancel; one that passed meanwhile is logged and cancels', async () => {
    const { clock, sent, stored, driver, now } = setup();
    const s = new WalkSession('BUY', 1, settings, now, q);
    clock.advance(60_000);
    s.tick(q);
    expect(await driver.resume('o1', WalkSession.restore('BUY', 1, settings, now, s.log), settings, 3.05)).toBe('cancel');
    expect(sent).toEqual(['cancel']);
    expect(stored).toEqual([]);

    const log = logOfOneReprice(now, clock);
    clock.advance(10 * 60_000);
    expect(await driver.resume('o2', WalkSession.restore('BUY', 1, settings, now, log), settings, 3.08)).toBe('cancel');
    expect(sent).toEqual(['cancel', 'cancel']);
    expect(stored.map((x) => [x.step, x.kind])).toEqual([[2, 'timeout']]);
    driver.stopAll();
  });
});
