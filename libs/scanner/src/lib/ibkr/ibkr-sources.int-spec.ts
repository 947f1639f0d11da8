import { createTestMarket, startTestSimulator } from '@ibsc/ib-sim/testing';
import type { IbSimulator, ManualClock } from '@ibsc/ib-sim';
import { createTestRuntime, drive, driveUntil, flushIo } from '@ibsc/ibkr/testing';
import type { IbkrRuntime } from '@ibsc/ibkr';
import { contractKey } from '../chain/option-chain';
import { prefilterContracts } from '../prefilter';
import { UnknownSymbolError } from '../sources/market-sources';
import { acquireChain } from '../scan/acquire-chain';
import { StaticEarningsCalendar } from './earnings-calendar';
import { createIbkrMarketSources } from './ibkr-market-sources';
import { IbkrQuoteSource } from './ibkr-quote-source';

/** The sources against the simulator over TCP, IB's limits (100 lines, 50 msg/s; we pace at 45/s), manual clock. */
jest.setTimeout(60_000);

describe('ibkr market sources (simulator over TCP, manual clock)', () => {
  const { clock, market } = createTestMarket(5);
  let sim: IbSimulator & { clock: ManualClock };
  let rt: IbkrRuntime;
  let maxLinesSeen = 0;

  beforeAll(async () => {
    sim = await startTestSimulator({ clock, market });
    rt = createTestRuntime(sim.port, clock, { clientId: 31, maxSubscriptions: 90 });
    rt.start();
    await driveUntil(clock, () => rt.connection.state === 'ready');
  });
  afterAll(async () => {
    await rt.stop();
    await drive(clock, 100);
    await sim.stop();
    (market as { dispose?: () => void }).dispose?.();
  });

  /**
   * Runs `p` while moving the manual clock; returns its value and the clock time it took. Small clock steps with
   * real I/O between them: the clock must not outrun the sockets, or messages sent in one of the simulator's
   * one-second windows arrive in the next and look like a burst over 50/s.
   */
  async function run<T>(p: Promise<T>, maxMs = 300_000): Promise<{ value: T; ms: number }> {
    let out: { ok: true; v: T } | { ok: false; e: unknown } | null = null;
    p.then((v) => (out = { ok: true, v }), (e: unknown) => (out = { ok: false, e }));
    const start = clock.now();
    const realEnd = Date.now() + 40_000;
    while (out === null) {
      await flushIo();
      await flushIo();
      maxLinesSeen = Math.max(maxLinesSeen, sim.counts().marketDataLines);
      if (out !== null) break;
      if (clock.now() - start > maxMs || Date.now() > realEnd) throw new Error(`not done within ${clock.now() - start} ms of clock time`);
      clock.advance(5);
    }
    const r = out as unknown as { ok: true; v: T } | { ok: false; e: unknown };
    if (!r.ok) throw r.e;
    return { value: r.v, ms: clock.now() - start };
  }

  const ports = () => ({ coordinator: rt.coordinator, lines: rt.lines, clock });

  it('chains: sec-def + contract details per expiry with conIds, cached for the day (the daily reload: unit test); unknown symbols rejected', async () => {
    const sources = createIbkrMarketSources(ports());
    const { value: def, ms } = await run(sources.chains.definition('SPY'));
    const listed = sim.market.findContracts({ secType: 'OPT', symbol: 'SPY' });
    expect(def.symbol).toBe('SPY');
    expect(def.multiplier).toBe(100);
    expect(def.expiries.length).toBe(new Set(listed.map((c) => (c.secType === 'OPT' ? c.expiry : ''))).size);
    let n = 0;
    for (const e of def.expiries) {
      expect([...e.strikes].sort((a, b) => a - b)).toEqual(e.strikes);
      e.strikes.forEach((k, i) => {
        const call = e.callConIds?.[i];
        if (call) {
          n++;
          expect(sim.market.contract(call)).toMatchObject({ symbol: 'SPY', expiry: e.expiry, strike: k, right: 'C' });
        }
        if (e.putConIds?.[i]) n++;
      });
    }
    expect(n).toBe(listed.length);
    expect(sources.chains.loads).toHaveLength(1);
    expect(sources.chains.loads[0].requests).toBe(2 + def.expiries.length);
    expect(ms).toBeLessThan(5_000);
    // cached: no request
    await run(sources.chains.definition('SPY'));
    expect(sources.chains.loads).toHaveLength(1);
    await expect(run(sources.chains.definition('NOPE'))).rejects.toBeInstanceOf(UnknownSymbolError);
  });

  it('underlying: spot and IV (tick 106) from a pinned line, 1 Y of daily IV from OPTION_IMPLIED_VOLATILITY, earnings from the calendar', async () => {
    const sources = createIbkrMarketSources(ports(), { underlyings: { earnings: new StaticEarningsCalendar({ NVDA: '20991231' }) } });
    await run(sources.chains.definition('NVDA'));
    const { value: u } = await run(sources.underlyings.underlying('NVDA'));
    const simQuote = sim.market.quote(sim.market.underlyings().find((x) => x.symbol === 'NVDA')!.conId);
    expect(u.spot).toBeCloseTo((simQuote.bid + simQuote.ask) / 2, 0);
    expect(u.iv).toBeCloseTo(simQuote.impliedVol as number, 2);
    expect(u.ivHistory.length).toBeGreaterThanOrEqual(240);
    expect(u.ivHistory.every((x) => x > 0.05 && x < 3)).toBe(true);
    expect(u.earningsDate).toBe('20991231');
    expect(sources.underlyings.held()).toEqual(['NVDA']);
    expect(rt.lines.usage().pinned).toBe(1);
    sources.release();
    expect(rt.lines.usage().pinned).toBe(0);
  });

  it('underlying: dividend yields from the gateway\'s IB Dividends tick (456): SPY 1.2 %, IWM 1.1 % as the simulator prices them; configured fallback otherwise', async () => {
    const sources = createIbkrMarketSources(ports(), { underlyings: { dividendYields: { SPY: 0.05, AAPL: 0.004 } } });
    for (const [symbol, q] of [['SPY', 0.012], ['IWM', 0.011]] as const) {
      const { value: u } = await run(sources.underlyings.underlying(symbol));
      expect(u.dividendYieldSource).toBe('gateway'); // the tick wins over the configured 5 % for SPY
      // next-12-month dividends (q × previous close) / spot: q to within the day's move
      expect(Math.abs(u.dividendYield - q)).toBeLessThan(0.05 * q);
      // the next dividend (quarterly): its ex-date and a quarter of the year's dividends
      expect(u.nextDividend?.exDate).toMatch(/^\d{4}(03|06|09|12)\d{2}$/);
      expect(u.nextDividend!.amount).toBeCloseTo((u.dividendYield * u.spot) / 4, 2);
    }
    sources.release();
    // Without the tick (a gateway that does not send it), the configured yield, else none.
    const { dividendYieldFromTick, parseIbDividends } = await import('./quote-convert');
    expect(parseIbDividends('0.83,0.92,20130219,0.23')).toEqual({ annual: 0.92, nextDate: '20130219', nextAmount: 0.23 });
    expect(parseIbDividends('0,0,,')).toEqual({ annual: 0, nextDate: null, nextAmount: null });
    expect(dividendYieldFromTick('0.83,0.92,20130219,0.23', 92)).toBeCloseTo(0.01, 12);
    expect(dividendYieldFromTick('0.83,,,', 83)).toBeCloseTo(0.01, 12);
    expect(dividendYieldFromTick('garbage', 100)).toBeNull();
    expect(dividendYieldFromTick(undefined, 100)).toBeNull();
  });

  it('quotes: stream and snapshot both bring bid/ask, greeks, volume; OI streamed once a day; snapshots are faster; never more than the budget', async () => {
    const now = () => clock.now();
    const stream = createIbkrMarketSources(ports(), { quotes: { mode: 'stream' } });
    const { value: def } = await run(stream.chains.definition('QQQ'));
    const { value: und } = await run(stream.underlyings.underlying('QQQ'));
    const pre = prefilterContracts(def, und, { now: now(), rate: 0.045, spreadTypes: ['bull-put', 'bear-call'], widths: [5], dte: { min: 14, max: 50 }, shortDelta: { min: 0.15, max: 0.35 } });
    const contracts = pre.contracts.slice(0, 160);
    expect(contracts.length).toBe(160);

    const s = await run(stream.quotes.requestQuotes({ contracts }));
    expect(s.value.missing).toEqual([]);
    expect(s.value.quotes.size).toBe(160);
    for (const c of contracts.slice(0, 20)) {
      const q = s.value.quotes.get(contractKey(c))!;
      const simQ = sim.market.quote(c.conId as number);
      // the market moved since (250 ms steps): same order of magnitude, two-sided
      expect(q.bid).toBeGreaterThan(0);
      expect(q.ask).toBeGreaterThanOrEqual(q.bid as number);
      expect(Math.abs((q.bid as number) - simQ.bid)).toBeLessThan(0.5 + 0.2 * simQ.bid);
      expect(q.delta).not.toBeNull();
      expect(q.gamma).not.toBeNull();
      expect(q.iv).not.toBeNull();
      expect(q.openInterest).toBe(simQ.openInterest);
      expect(q.volume).toBeGreaterThanOrEqual(0);
      expect(q.quoteTime).toBeGreaterThan(0);
    }

    // snapshot mode: the first quote of the day streams (for OI), later ones are snapshots with the day's OI
    const snap = new IbkrQuoteSource(ports(), { mode: 'snapshot' });
    const first = await run(snap.requestQuotes({ contracts }));
    expect(snap.stats()).toMatchObject({ streamed: 160, snapshots: 0 });
    const second = await run(snap.requestQuotes({ contracts }));
    expect(snap.stats()).toMatchObject({ streamed: 160, snapshots: 160 });
    expect(second.value.missing).toEqual([]);
    const q2 = second.value.quotes.get(contractKey(contracts[0]))!;
    expect(q2.openInterest).toBe(sim.market.quote(contracts[0].conId as number).openInterest);
    expect(q2.delta).not.toBeNull();
    expect(q2.volume).not.toBeNull();

    // the measurement the default rests on (docs/scanner.md): clock ms per contract under 45 msg/s and 90 lines
    const perStream = s.ms / 160;
    const perFirst = first.ms / 160;
    const perSnap = second.ms / 160;
    process.stdout.write(`quote acquisition, 160 contracts: stream ${s.ms} ms (${perStream.toFixed(1)} ms/contract), snapshot first pass ${first.ms} ms, snapshot steady ${second.ms} ms (${perSnap.toFixed(1)} ms/contract)\n`);
    expect(perSnap).toBeLessThan(perStream * 0.75);
    expect(perFirst).toBeLessThan(perStream * 1.25);
    expect(maxLinesSeen).toBeLessThanOrEqual(90);
    expect(rt.policy.count(100)).toBe(0);
    expect(rt.policy.count(101)).toBe(0);
    expect(rt.lines.usage().active).toBe(1); // only QQQ's underlying line is left
    stream.release();
    expect(rt.lines.usage().active).toBe(0);
  });

  it('acquireChain through the ibkr sources: a chain with quotes for the pre-filtered contracts only; an abort returns what it has', async () => {
    const sources = createIbkrMarketSources(ports());
    const opts = { now: clock.now(), rate: 0.045, spreadTypes: ['bull-put'] as const, widths: [5], dte: { min: 20, max: 40 }, shortDelta: { min: 0.2, max: 0.3 } };
    const { value: acquired } = await run(acquireChain('IWM', sources, { ...opts, spreadTypes: [...opts.spreadTypes] }));
    const quoted = acquired.chain.expiries.flatMap((e) => e.puts).filter((o) => o?.quote).length;
    expect(quoted).toBe(acquired.prefilter.contracts.length);
    expect(acquired.missing).toEqual([]);
    expect(acquired.chain.underlying.ivHistory.length).toBeGreaterThan(200);
    const ac = new AbortController();
    const pre = acquired.prefilter.contracts;
    const p = sources.quotes.requestQuotes({ contracts: [...pre, ...pre], signal: ac.signal });
    await drive(clock, 200, 20);
    ac.abort();
    const { value } = await run(p);
    expect(value.missing.some((m) => m.reason === 'aborted')).toBe(true);
    sources.release();
  });
});
