import { createTestMarket, startTestSimulator } from '@ibsc/ib-sim/testing';
import type { IbSimulator, ManualClock } from '@ibsc/ib-sim';
import { createTestRuntime, drive, driveUntil, flushIo } from '@ibsc/ibkr/testing';
import type { IbkrRuntime } from '@ibsc/ibkr';
import { dayNumberOf, newYorkCloseMs, yyyymmddOf } from '../chain/calendar';
import { newYorkOpenMs } from '../chain/option-style';
import { acquireChain } from '../scan/acquire-chain';
import { ScanEngine } from '../scan/scan-engine';
import { parseSpreadId } from '../spreads/spread-id';
import { createIbkrMarketSources } from './ibkr-market-sources';

/** Index options through the ibkr sources against the simulator over TCP (manual clock): SPX, its classes, styles. */
jest.setTimeout(120_000);

describe('index options: scanner sources and scan (simulator over TCP)', () => {
  const { clock, market } = createTestMarket({ seed: 7, symbols: ['SPY', 'SPX'] });
  let sim: IbSimulator & { clock: ManualClock };
  let rt: IbkrRuntime;

  beforeAll(async () => {
    sim = await startTestSimulator({ clock, market });
    rt = createTestRuntime(sim.port, clock, { clientId: 41, maxSubscriptions: 90 });
    rt.start();
    await driveUntil(clock, () => rt.connection.state === 'ready');
  });
  afterAll(async () => {
    await rt.stop();
    await drive(clock, 100);
    await sim.stop();
    market.dispose();
  });

  async function run<T>(p: Promise<T>, maxMs = 600_000): Promise<T> {
    let out: { ok: true; v: T } | { ok: false; e: unknown } | null = null;
    p.then((v) => (out = { ok: true, v }), (e: unknown) => (out = { ok: false, e }));
    const start = clock.now();
    const realEnd = Date.now() + 100_000;
    while (out === null) {
      await flushIo();
      await flushIo();
      if (out !== null) break;
      if (clock.now() - start > maxMs || Date.now() > realEnd) throw new Error(`not done within ${clock.now() - start} ms of clock time`);
      clock.advance(5);
    }
    const r = out as unknown as { ok: true; v: T } | { ok: false; e: unknown };
    if (!r.ok) throw r.e;
    return r.v;
  }
  const ports = () => ({ coordinator: rt.coordinator, lines: rt.lines, clock });

  it('loads SPX as an index (IND on CBOE) with both classes: SPX AM monthlies and SPXW PM, European and cash-settled', async () => {
    const sources = createIbkrMarketSources(ports());
    const def = await run(sources.chains.definition('SPX'));
    expect(def.underlyingSecType).toBe('IND');
    expect(sources.chains.underlyingRef('SPX')).toEqual({ conId: 416904, secType: 'IND', exchange: 'CBOE' });
    const am = def.expiries.filter((e) => e.style?.tradingClass === 'SPX');
    const pm = def.expiries.filter((e) => e.style?.tradingClass === 'SPXW');
    expect(am.length).toBeGreaterThanOrEqual(12);
    expect(pm.length).toBeGreaterThan(15);
    expect(am.every((e) => e.style?.settlement === 'AM' && e.style.exercise === 'european' && e.style.cashSettled)).toBe(true);
    expect(pm.every((e) => e.style?.settlement === 'PM' && e.style.exercise === 'european' && e.style.cashSettled)).toBe(true);
    // The third Friday is listed by both: AM stops trading the day before at the close and settles at that open.
    const both = am.find((e) => pm.some((p) => p.expiry === e.expiry))!;
    const twin = pm.find((p) => p.expiry === both.expiry)!;
    expect(both.style?.settlesAt).toBe(newYorkOpenMs(both.expiry));
    expect(both.expiresAt).toBe(newYorkCloseMs(yyyymmddOf(dayNumberOf(both.expiry) - 1)));
    expect(twin.expiresAt).toBe(newYorkCloseMs(twin.expiry));
    expect(twin.style?.settlesAt).toBe(twin.expiresAt);
    // Every conId of each slice belongs to that slice's class in the simulator.
    for (const e of [both, twin]) {
      for (const id of (e.putConIds ?? []).filter((x): x is number => x !== null)) {
        expect(sim.market.contract(id)).toMatchObject({ tradingClass: e.style?.tradingClass, expiry: e.expiry });
      }
    }
    // SPY stays a stock with no style: American, physical, its own class.
    const spy = await run(sources.chains.definition('SPY'));
    expect(spy.underlyingSecType).toBeUndefined();
    expect(spy.expiries.every((e) => e.style === undefined)).toBe(true);
    sources.release();
  });

  it('prices the index from its last value (no bid/ask) and scans SPX rows that say their class, settlement and exercise', async () => {
    const sources = createIbkrMarketSources(ports(), { underlyings: { dividendYields: { SPX: 0.012 } } });
    const und = await run(sources.underlyings.underlying('SPX'));
    const spot = sim.market.spot('SPX');
    expect(Math.abs(und.spot - spot) / spot).toBeLessThan(0.005);
    expect(und.dividendYieldSource).toBe('config'); // no dividend tick for an index
    const now = clock.now();
    const acquired = await run(acquireChain('SPX', sources, { now, rate: 0.045, spreadTypes: ['bull-put'], widths: [25], dte: { min: 20, max: 40 }, shortDelta: { min: 0.1, max: 0.3 } }));
    const engine = new ScanEngine({ spreadTypes: ['bull-put'], widths: [25], maxRows: 2000 });
    const { rows } = engine.run([acquired.chain], clock.now());
    expect(rows.length).toBeGreaterThan(0);
    const classes = new Set(rows.map((r) => r.tradingClass));
    expect(classes).toEqual(new Set(['SPX', 'SPXW']));
    for (const r of rows) {
      expect(r.exercise).toBe('european');
      expect(r.cashSettled).toBe(true);
      expect(r.multiplier).toBe(100);
      expect(r.flags).not.toContain('EARLY_ASSIGNMENT_RISK');
      const parsed = parseSpreadId(r.id)!;
      expect(parsed.symbol).toBe('SPX');
      if (r.tradingClass === 'SPX') {
        expect(r.settlement).toBe('AM');
        expect(parsed.tradingClass).toBeUndefined();
        expect(r.settlesAt).toBe(newYorkOpenMs(r.expiry));
        expect(r.expiresAt).toBeLessThan(r.settlesAt);
        // T runs to the settlement at the open, not to the end of trading the day before.
        expect(r.yearsToExpiry).toBeCloseTo((r.settlesAt - clock.now()) / (365 * 86_400_000), 9);
      } else {
        expect(r.settlement).toBe('PM');
        expect(parsed.tradingClass).toBe('SPXW');
        expect(r.id.endsWith('|SPXW')).toBe(true);
        expect(r.settlesAt).toBe(r.expiresAt);
      }
    }
    // Same expiry and strikes in both classes are two rows with two ids.
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    sources.release();
  });
});
