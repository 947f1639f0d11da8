import { anchorContracts } from '../acquisition/quote-estimator';
import { planQuotes, PruneThreshold, type PruneInputs, type PrunePlan } from '../acquisition/score-pruning';
import { contractKey, listedContracts, type ChainDefinition, type OptionContract, type OptionQuote } from '../chain/option-chain';
import { expiryTimes } from '../chain/option-style';
import { prefilterContracts } from '../prefilter';
import type { ScanConfig } from '../scan/scan-engine';
import { simMarket } from '../testing/sim-market';
import type { SyntheticMarket } from '../testing/synthetic-market';
import { decodePlanReply, decodePlanRequest, encodePlanReply, encodePlanRequest, type EncodedPlanRequest } from './plan-codec';

const BROAD: ScanConfig = { spreadTypes: ['bull-put', 'bear-call', 'bull-call', 'bear-put'], widths: [1, 2, 5], maxRows: 200 };

/** A symbol's plan inputs as pruned acquisition builds them: the pre-filter's candidates, the anchors' real quotes. */
function inputsFor(m: SyntheticMarket & { now: number }, i: number, config: ScanConfig, threshold: PruneThreshold, margin?: number): PruneInputs {
  const def = m.definitions[i];
  const und = m.underlyings[i];
  const candidates = prefilterContracts(def, und, { now: m.now, rate: m.rate, spreadTypes: config.spreadTypes, widths: config.widths, dte: config.filters?.dte, shortDelta: config.filters?.shortDelta }).contracts;
  const anchors = new Map<string, OptionQuote>();
  for (const c of anchorContracts(def, und, new Set(candidates.map((x) => x.expiry)), m.now, m.rate)) {
    const q = m.quotes.get(contractKey(c));
    if (q) anchors.set(contractKey(c), q);
  }
  return { def, und, rate: m.rate, now: m.now, candidates, anchors, config, threshold, ...(margin === undefined ? {} : { margin }) };
}

/** The plan as the worker would make it: both messages through structured clone with their buffers transferred. */
async function planInWorker(inputs: PruneInputs): Promise<{ plan: PrunePlan; request: EncodedPlanRequest; startValue: number }> {
  const { request, transfer } = encodePlanRequest(inputs);
  const sent = structuredClone(request, { transfer });
  const workerInputs = decodePlanRequest(sent);
  const startValue = workerInputs.threshold.value();
  const workerPlan = await planQuotes(workerInputs);
  const { reply, transfer: back } = encodePlanReply(workerPlan, workerInputs);
  return { plan: decodePlanReply(structuredClone(reply, { transfer: back }), inputs), request: sent, startValue };
}

function expectSamePlan(got: PrunePlan, want: PrunePlan): void {
  expect(got).toStrictEqual(want);
  expect(got.quote.length).toBe(want.quote.length);
  // The main thread's own candidate objects, in the plan's order.
  expect(got.quote.every((c, i) => c === want.quote[i])).toBe(true);
}

describe('plan codec: the pruning plan through the worker', () => {
  it('two symbols in sequence, one threshold: the plans equal planning in place and the threshold carries over', async () => {
    const m = simMarket({ seed: 2, minutes: 5, symbols: ['IWM', 'AAPL'] });
    const here = new PruneThreshold(200);
    const there = new PruneThreshold(200);
    let before = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < 2; i++) {
      const inputs = inputsFor(m, i, BROAD, here, 6);
      const want = await planQuotes(inputs);
      const got = await planInWorker({ ...inputs, threshold: there });
      expectSamePlan(got.plan, want);
      expect(Array.from(there.lowsNow())).toEqual(Array.from(here.lowsNow()));
      // The worker started from the lows of the symbols planned before (none for the first).
      expect(got.startValue).toBe(before);
      expect(got.request.lows.length).toBe(i === 0 ? 0 : 200);
      before = there.value();
      expect(want.pruned).toBeGreaterThan(0);
    }
    expect(before).toBeGreaterThan(0);
  }, 60_000);

  it('with filters, no margin given and an expiry without anchors (unfitted): the same plan', async () => {
    const m = simMarket({ seed: 4, minutes: 5, symbols: ['NVDA'] });
    const cfg: ScanConfig = { spreadTypes: ['bull-put', 'bear-call'], widths: [2, 5], maxRows: 100, filters: { shortDelta: { min: 0.1, max: 0.35 }, pop: { min: 0.6 } } };
    const build = (t: PruneThreshold): PruneInputs => {
      const x = inputsFor(m, 0, cfg, t);
      const gone = x.candidates[0].expiry;
      return { ...x, anchors: new Map([...x.anchors].filter(([k]) => !k.includes(`|${gone}|`))) };
    };
    const here = new PruneThreshold(100);
    here.offer([40, 35, 30]);
    const there = new PruneThreshold(100);
    there.offer([40, 35, 30]);
    const inputs = build(here);
    const want = await planQuotes(inputs);
    expect(inputs).not.toHaveProperty('margin');
    const got = await planInWorker({ ...inputs, threshold: there });
    expect(got.request).not.toHaveProperty('margin');
    expectSamePlan(got.plan, want);
    expect(want.unfitted).toBe(1);
    expect(want.quote.length).toBeGreaterThan(0);
    expect(Array.from(there.lowsNow())).toEqual(Array.from(here.lowsNow()));
  }, 60_000);

  it('encoding leaves the inputs as they were; the worker gets equal inputs: an index’s two classes, odd contracts carried whole', () => {
    const style = (tradingClass: 'SPX' | 'SPXW', expiry: string) => {
      const settlement = tradingClass === 'SPX' ? ('AM' as const) : ('PM' as const);
      return { tradingClass, settlement, settlesAt: expiryTimes(expiry, settlement).settlesAt, exercise: 'european' as const, cashSettled: true };
    };
    const strikes = [6400, 6425, 6450, 6475, 6500];
    const def: ChainDefinition = {
      symbol: 'SPX',
      multiplier: 100,
      underlyingSecType: 'IND',
      expiries: [
        { expiry: '20261218', expiresAt: expiryTimes('20261218', 'AM').expiresAt, style: style('SPX', '20261218'), strikes, callConIds: [1, 2, null, 4, 5], putConIds: [6, 7, 8, null, 10] },
        { expiry: '20261218', expiresAt: expiryTimes('20261218', 'PM').expiresAt, style: style('SPXW', '20261218'), strikes, callConIds: [11, 12, 13, 14, 15], putConIds: [16, null, 18, 19, 20] },
        { expiry: '20261224', expiresAt: expiryTimes('20261224', 'PM').expiresAt, style: style('SPXW', '20261224'), strikes: [6450, 6500] }, // conIds unknown
      ],
    };
    const odd: OptionContract[] = [
      { conId: null, symbol: 'SPX', expiry: '20261218', strike: 6450, right: 'P', multiplier: 100, tradingClass: 'SPX' }, // the symbol's class, explicit
      { conId: 99, symbol: 'SPX', expiry: '20270115', strike: 6500, right: 'C', multiplier: 100 }, // an expiry the definition lacks
      { conId: 98, symbol: 'SPX', expiry: '20261224', strike: 6450, right: 'C', multiplier: 10, tradingClass: 'SPXW' }, // another multiplier
    ];
    const candidates = [...listedContracts(def), ...odd];
    const q: OptionQuote = { bid: 12.5, ask: 13.1, last: null, iv: 0.14, delta: -0.21, gamma: null, theta: -1.2, vega: Number.NaN, volume: 10, openInterest: null, quoteTime: 1_700_000_000_000 };
    const anchors = new Map([
      [contractKey(candidates[0]), q],
      [contractKey(candidates[12]), { ...q, bid: null, delta: -0 }],
    ]);
    const threshold = new PruneThreshold(3);
    threshold.offer([9, 7, 5, 1]);
    const und = { symbol: 'SPX', spot: 6460, spotTime: 1, iv: 0.15, ivHistory: [0.1, 0.2], dividendYield: 0.013, dividendYieldSource: 'config' as const, earningsDate: null };
    const inputs: PruneInputs = { def, und, rate: 0.045, now: 1_700_000_000_000, candidates, anchors, config: BROAD, threshold, margin: 4 };
    const snapshot = structuredClone({ ...inputs, threshold: null });

    const { request, transfer } = encodePlanRequest(inputs);
    const sent = structuredClone(request, { transfer });
    expect({ ...inputs, threshold: null }).toStrictEqual(snapshot);
    expect(inputs.candidates).toBe(candidates);
    expect(Array.from(threshold.lowsNow())).toEqual([9, 7, 5]);
    expect(request.candidates.byteLength).toBe(0); // moved to the worker, not copied
    expect(sent.overrides).toStrictEqual(odd);

    const got = decodePlanRequest(sent);
    expect({ ...got, threshold: null }).toStrictEqual(snapshot);
    expect(new Set(got.candidates.map((c) => c.tradingClass))).toEqual(new Set([undefined, 'SPX', 'SPXW']));
    expect([got.threshold.maxRows, got.threshold.value(), Array.from(got.threshold.lowsNow())]).toEqual([3, 5, [9, 7, 5]]);
    expect(Object.is(got.anchors.get(contractKey(candidates[12]))?.delta, -0)).toBe(true);

    // A plan naming a contract that is not one of the request's candidates is a bug, not a reply.
    const foreign: PrunePlan = { quote: [{ ...got.candidates[0] }], pruned: 0, threshold: 5, unfitted: 0 };
    expect(() => encodePlanReply(foreign, got)).toThrow(/not one of the request's candidates/);
  });
});
