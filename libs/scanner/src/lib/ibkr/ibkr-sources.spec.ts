import type { Clock, Quote, SecDefOptParams } from '@ibsc/ibkr';
import type { ContractDetails } from '@stoqey/ib';
import { StaticEarningsCalendar } from './earnings-calendar';
import { buildDefinition, IbkrChainSource, pickParams } from './ibkr-chain-source';
import type { IbkrPorts } from './ibkr-ports';
import { IbkrUnderlyingSource, spotOf } from './ibkr-underlying-source';
import { openInterestOf, toOptionQuote } from './quote-convert';
import { pageOfRows } from '../service/scan-results';
import type { SpreadRow } from '@ibsc/shared-dto';

const NOW = Date.UTC(2026, 10, 23, 15, 0, 0); // Monday 10:00 New York

function fakeClock(start = NOW): Clock & { t: number } {
  const c = { t: start, now: () => c.t, setTimeout: () => ({ id: 0 }), clearTimeout: () => undefined, setInterval: () => ({ id: 0 }), clearInterval: () => undefined };
  return c as unknown as Clock & { t: number };
}

const opt = (expiry: string, strike: number, right: 'C' | 'P', conId: number): ContractDetails =>
  ({ contract: { conId, symbol: 'XYZ', secType: 'OPT', lastTradeDateOrContractMonth: expiry, strike, right } }) as unknown as ContractDetails;

describe('ibkr chain source (fake coordinator)', () => {
  it('builds expiries from contract details: union of strikes, conIds parallel, unlisted sides null, empty expiries dropped', () => {
    const def = buildDefinition('XYZ', 100, ['20261204', '20261211'], [[opt('20261204', 105, 'P', 3), opt('20261204', 100, 'C', 1), opt('20261204', 100, 'P', 2)], []]);
    expect(def.expiries).toHaveLength(1);
    expect(def.expiries[0]).toMatchObject({ expiry: '20261204', strikes: [100, 105], callConIds: [1, null], putConIds: [2, 3] });
    expect(new Date(def.expiries[0].expiresAt).toISOString()).toBe('2026-12-04T21:00:00.000Z'); // 16:00 New York (EST)
  });

  it('picks the SMART chain of the symbol’s own trading class', () => {
    const p = (exchange: string, tradingClass: string, n: number): SecDefOptParams => ({ exchange, tradingClass, underlyingConId: 1, multiplier: '100', expirations: Array(n).fill('20261204'), strikes: [] });
    expect(pickParams([p('CBOE', 'SPY', 9), p('SMART', 'SPYW', 30), p('SMART', 'SPY', 20)], 'SPY', 'SMART')?.tradingClass).toBe('SPY');
    expect(pickParams([p('SMART', 'XYZW', 3), p('SMART', 'XYZQ', 7)], 'XYZ', 'SMART')?.tradingClass).toBe('XYZQ');
  });

  it('loads once per New York day (static data), reloads the next day, keeps yesterday’s chain when a reload fails', async () => {
    const clock = fakeClock();
    const kinds: string[] = [];
    let fail = false;
    const coordinator = {
      submit: async (spec: { kind: string; send: unknown }) => {
        kinds.push(spec.kind);
        if (fail) throw new Error('gateway down');
        if (spec.kind === 'secDefOptParams') return [{ exchange: 'SMART', tradingClass: 'XYZ', underlyingConId: 9, multiplier: '100', expirations: ['20261120', '20261204'], strikes: [100] }];
        if (kinds.filter((k) => k === 'contractDetails').length === 1) return [{ contract: { conId: 9 } }];
        return [opt('20261204', 100, 'C', 11)];
      },
      backpressure: () => ({ level: 'normal', tier: 0, queueDepth: 0, paused: false, slowdown: 1 }),
      whenAccepting: async () => undefined,
    };
    const src = new IbkrChainSource({ coordinator, lines: {}, clock } as unknown as IbkrPorts);
    const d1 = await src.definition('XYZ');
    expect(d1.expiries.map((e) => e.expiry)).toEqual(['20261204']); // the expired 20261120 is not asked for
    expect(kinds).toEqual(['contractDetails', 'secDefOptParams', 'contractDetails']);
    await src.definition('XYZ');
    expect(kinds).toHaveLength(3);
    expect(src.underlyingConId('XYZ')).toBe(9);
    clock.t += 24 * 3_600_000;
    fail = true;
    const d2 = await src.definition('XYZ');
    expect(d2.expiries.map((e) => e.expiry)).toEqual(['20261204']);
    expect(kinds).toHaveLength(4);
  });
});

describe('quote conversion and underlying spot', () => {
  const q = (over: Partial<Quote>): Quote => ({ generic: {}, delayed: false, updatedAt: NOW, ...over });

  it('maps IB ticks to the scanner quote; missing greeks, OI and volume stay null (flagged later, never dropped)', () => {
    const full = toOptionQuote(q({ bid: 1, ask: 1.1, volume: 12, model: { impliedVolatility: 0.3, delta: -0.25, gamma: 0.02, theta: -0.03, vega: 0.1 } }), 500, 0);
    expect(full).toEqual({ bid: 1, ask: 1.1, last: null, iv: 0.3, delta: -0.25, gamma: 0.02, theta: -0.03, vega: 0.1, volume: 12, openInterest: 500, quoteTime: NOW });
    const bare = toOptionQuote(q({ bid: 1, ask: 1.1, updatedAt: null }), null, 42);
    expect(bare).toMatchObject({ delta: null, gamma: null, iv: null, volume: null, openInterest: null, quoteTime: 42 });
  });

  it('reads open interest from ticks 27 (calls) and 28 (puts) only', () => {
    expect(openInterestOf({ kind: 'size', field: 27, value: 10 })).toBe(10);
    expect(openInterestOf({ kind: 'size', field: 28, value: 11 })).toBe(11);
    expect(openInterestOf({ kind: 'size', field: 8, value: 12 })).toBeUndefined();
    expect(openInterestOf({ kind: 'price', field: 27, value: 1 })).toBeUndefined();
  });

  it('spot: mid when two-sided, else last, else close', () => {
    expect(spotOf(q({ bid: 99, ask: 101, last: 100.5 }))).toBe(100);
    expect(spotOf(q({ bid: 99, last: 100.5 }))).toBe(100.5);
    expect(spotOf(q({ close: 98 }))).toBe(98);
    expect(spotOf(q({}))).toBeNull();
  });

  it('earnings calendar: the next date on or after today (New York); parse names a bad entry', async () => {
    const cal = StaticEarningsCalendar.parse('NVDA:20261120, NVDA:20261202,TSLA:20261215');
    expect(await cal.nextEarnings('NVDA', NOW)).toBe('20261202');
    expect(await cal.nextEarnings('SPY', NOW)).toBeNull();
    expect(() => StaticEarningsCalendar.parse('NVDA:2026-12-02')).toThrow(/NVDA:2026-12-02/);
  });
});

describe('results paging', () => {
  const row = (id: string, score: number, pop: number | null): SpreadRow => ({ id, score, returnOnRisk: pop }) as unknown as SpreadRow;
  it('sorts (nulls last), pages, reports the total and seq', () => {
    const rows = [row('a', 10, 0.2), row('b', 30, null), row('c', 20, 0.5)];
    expect(pageOfRows(rows, 7, { page: 0, pageSize: 2, sort: 'score', order: 'desc' })).toMatchObject({ seq: 7, total: 3, rows: [{ id: 'b' }, { id: 'c' }] });
    expect(pageOfRows(rows, 7, { page: 1, pageSize: 2, sort: 'score', order: 'desc' }).rows.map((r) => r.id)).toEqual(['a']);
    expect(pageOfRows(rows, 7, { page: 0, pageSize: 5, sort: 'returnOnRisk', order: 'asc' }).rows.map((r) => r.id)).toEqual(['a', 'c', 'b']);
  });
});

describe('ibkr underlying source: the dividend yield and its source (fake line)', () => {
  /** A source whose one line carries spot 100 (99.99/100.01), IV tick 24 and, when given, IB Dividends (tick 59). */
  function sourceWith(dividends: string | undefined, configured?: Record<string, number>) {
    const asked: string[] = [];
    const quote: Quote = { bid: 99.99, ask: 100.01, generic: { 24: 0.2 }, strings: dividends === undefined ? undefined : { 59: dividends }, delayed: false, updatedAt: NOW };
    const ports = {
      clock: fakeClock(),
      coordinator: { submit: async () => [], backpressure: () => 'normal', whenAccepting: async () => undefined },
      lines: {
        subscribe: (_c: unknown, _s: unknown, o: { genericTicks?: string }) => {
          asked.push(o.genericTicks ?? '');
          return { key: 'k', status: () => 'active', quote: () => quote, tickerId: () => 1, touch: () => undefined, pin: () => undefined, unpin: () => undefined, release: () => undefined };
        },
        snapshot: () => undefined,
        usage: () => undefined,
      },
    } as unknown as IbkrPorts;
    return { src: new IbkrUnderlyingSource(ports, { dividendYields: configured }), asked };
  }

  it("reads the gateway's tick 456 (next 12 months / spot), asked for on the underlying's line with tick 106", async () => {
    const { src, asked } = sourceWith('1.10,1.20,20261218,0.30', { XYZ: 0.05 });
    const u = await src.underlying('XYZ');
    expect(asked).toEqual(['106,456']);
    expect(u.dividendYield).toBeCloseTo(0.012, 12);
    expect(u.dividendYieldSource).toBe('gateway');
    expect(u.nextDividend).toEqual({ exDate: '20261218', amount: 0.3 });
  });

  it('falls back to the configured yield until the tick arrives, else 0 with source none', async () => {
    const configured = await sourceWith(undefined, { XYZ: 0.015 }).src.underlying('XYZ');
    expect([configured.dividendYield, configured.dividendYieldSource, configured.nextDividend]).toEqual([0.015, 'config', null]);
    const none = await sourceWith(undefined).src.underlying('XYZ');
    expect([none.dividendYield, none.dividendYieldSource]).toEqual([0, 'none']);
    const garbled = await sourceWith('n/a', { XYZ: 0.015 }).src.underlying('XYZ');
    expect(garbled.dividendYieldSource).toBe('config');
  });
});
