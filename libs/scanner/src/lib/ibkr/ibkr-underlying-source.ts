/**
 * The underlying's snapshot from the gateway:
 * - spot and the 30-day IV from one streaming line per underlying with generic tick 106 (IV arrives as tick 24);
 *   the line is pinned while the scan runs (a scan needs every underlying's spot all the time; 8 lines of 90)
 *   and released by `release()`; snapshots cannot carry generic ticks (IB error 321), so a line it is;
 * - the IV history: reqHistoricalData OPTION_IMPLIED_VOLATILITY, 1 Y of daily bars, cached for the New York day
 *   (paced by the coordinator's historical rules); a failed request leaves it empty (IV rank/percentile null);
 * - the next earnings date from an `EarningsCalendar` (IB does not give one);
 * - the dividend yield from the same line's IB Dividends tick (generic tick 456, string tick 59): next-12-month
 *   dividends / spot; until it arrives (or when it does not parse) the configured yield, else 0 (source 'none').
 * Spot is the bid/ask mid when two-sided, else last, else the previous close (an index, secType IND, has no bid/ask:
 * its spot is its last value; it has no dividend tick either, so its yield is the configured one). Without a tick-24 IV the latest
 * daily IV close stands in (the pre-filter needs some σ); it is the same measure a day older.
 */
import { historicalDataRequest, type LineSubscription, type Quote } from '@ibsc/ibkr';
import type { Contract } from '@stoqey/ib';
import { newYorkDayNumber } from '../chain/calendar';
import type { UnderlyingSnapshot } from '../chain/option-chain';
import { UnknownSymbolError, type UnderlyingSource } from '../sources/market-sources';
import { INDEX_EXCHANGES } from '../chain/option-style';
import { NO_EARNINGS, type EarningsCalendar } from './earnings-calendar';
import type { UnderlyingRef } from './ibkr-chain-source';
import { clockDelay, type IbkrPorts } from './ibkr-ports';
import { dividendYieldFromTick, parseIbDividends, GENERIC_TICK_IB_DIVIDENDS, TICK_IB_DIVIDENDS, TICK_OPTION_IMPLIED_VOL } from './quote-convert';

export interface IbkrUnderlyingSourceOptions {
  earnings?: EarningsCalendar;
  /** Continuous dividend yields by symbol (decimal), used until the gateway's dividend tick arrives. Default 0. */
  dividendYields?: Readonly<Record<string, number>>;
  /** How long to wait for a first spot. Default 10 s. */
  spotTimeoutMs?: number;
  /** After the first price, how long to wait for the IV tick. Default 1.5 s. */
  ivGraceMs?: number;
  /** The underlying's conId when known (from the chain source), so lines need no symbol resolution. */
  conIdOf?: (symbol: string) => number | undefined;
  /** conId, secType and exchange when known (from the chain source): an index is asked on its exchange. */
  refOf?: (symbol: string) => UnderlyingRef | undefined;
}

interface LineHold {
  sub: LineSubscription;
  failed: string | null;
}

const STK = 'STK' as Contract['secType'];
const IND = 'IND' as Contract['secType'];
/** Generic tick 106: the underlying's 30-day option implied vol (tick 24). */
const GENERIC_TICK_UNDERLYING_IV = 106;
const POLL_MS = 25;

export class IbkrUnderlyingSource implements UnderlyingSource {
  private readonly holds = new Map<string, LineHold>();
  private readonly history = new Map<string, { day: number; values: Promise<number[]> }>();

  constructor(
    private readonly ports: IbkrPorts,
    private readonly options: IbkrUnderlyingSourceOptions = {},
  ) {}

  async underlying(symbol: string): Promise<UnderlyingSnapshot> {
    const clock = this.ports.clock;
    const hold = this.line(symbol);
    const [quote, ivHistory, earningsDate] = await Promise.all([this.firstQuote(symbol, hold), this.ivHistory(symbol), (this.options.earnings ?? NO_EARNINGS).nextEarnings(symbol, clock.now())]);
    const spot = spotOf(quote);
    if (spot === null) throw new Error(`${symbol}: no price for the underlying`);
    const tickIv = quote.generic[TICK_OPTION_IMPLIED_VOL];
    const iv = tickIv !== undefined && tickIv > 0 ? tickIv : (ivHistory[ivHistory.length - 1] ?? null);
    const dividends = parseIbDividends(quote.strings?.[TICK_IB_DIVIDENDS]);
    const tickYield = dividendYieldFromTick(quote.strings?.[TICK_IB_DIVIDENDS], spot);
    const nextDividend = dividends?.nextDate && dividends.nextAmount !== null ? { exDate: dividends.nextDate, amount: dividends.nextAmount } : null;
    const configured = this.options.dividendYields?.[symbol];
    const [dividendYield, dividendYieldSource] =
      tickYield !== null ? [tickYield, 'gateway' as const] : configured !== undefined ? [configured, 'config' as const] : [0, 'none' as const];
    return { symbol, spot, spotTime: quote.updatedAt ?? clock.now(), iv, ivHistory, dividendYield, dividendYieldSource, nextDividend, earningsDate };
  }

  /** Releases the underlying lines (all, or one symbol's). */
  release(symbol?: string): void {
    for (const [s, h] of [...this.holds]) {
      if (symbol && s !== symbol) continue;
      h.sub.release();
      this.holds.delete(s);
    }
  }

  /** Symbols holding a line. */
  held(): string[] {
    return [...this.holds.keys()];
  }

  /** Daily IV closes, oldest first, cached for the New York day. */
  ivHistory(symbol: string): Promise<number[]> {
    const day = newYorkDayNumber(this.ports.clock.now());
    const hit = this.history.get(symbol);
    if (hit && hit.day === day) return hit.values;
    const values = this.ports.coordinator
      .submit(historicalDataRequest({ contract: this.contract(symbol), duration: '1 Y', barSize: '1 day', whatToShow: 'OPTION_IMPLIED_VOLATILITY', useRTH: true }))
      .then((bars) => bars.map((b) => b.close).filter((x) => Number.isFinite(x) && x > 0))
      .catch(() => {
        // Retry on the next scan rather than caching the failure for the day.
        if (this.history.get(symbol)?.values === values) this.history.delete(symbol);
        return [] as number[];
      });
    this.history.set(symbol, { day, values });
    return values;
  }

  private contract(symbol: string): Contract {
    const ref = this.options.refOf?.(symbol);
    if (ref) return { conId: ref.conId, exchange: ref.exchange };
    const conId = this.options.conIdOf?.(symbol);
    if (conId) return { conId, exchange: 'SMART' };
    const indexExchange = INDEX_EXCHANGES[symbol.toUpperCase()];
    if (indexExchange) return { symbol, secType: IND, exchange: indexExchange, currency: 'USD' };
    return { symbol, secType: STK, exchange: 'SMART', currency: 'USD' };
  }

  private line(symbol: string): LineHold {
    const have = this.holds.get(symbol);
    if (have && !have.failed && have.sub.status() !== 'evicted' && have.sub.status() !== 'released') return have;
    have?.sub.release();
    const hold: LineHold = { sub: null as unknown as LineSubscription, failed: null };
    hold.sub = this.ports.lines.subscribe(this.contract(symbol), { onStatus: (s, detail) => (s === 'failed' ? (hold.failed = detail ?? 'failed') : undefined) }, { genericTicks: `${GENERIC_TICK_UNDERLYING_IV},${GENERIC_TICK_IB_DIVIDENDS}`, pinned: true });
    this.holds.set(symbol, hold);
    return hold;
  }

  private async firstQuote(symbol: string, hold: LineHold): Promise<Quote> {
    const clock = this.ports.clock;
    const start = clock.now();
    const timeout = this.options.spotTimeoutMs ?? 10_000;
    let pricedAt: number | null = null;
    for (;;) {
      if (hold.failed) {
        this.holds.delete(symbol);
        if (/\b200\b/.test(hold.failed)) throw new UnknownSymbolError(symbol);
        throw new Error(`${symbol}: underlying line failed: ${hold.failed}`);
      }
      const q = hold.sub.quote();
      if (spotOf(q) !== null) {
        pricedAt ??= clock.now();
        if (q.generic[TICK_OPTION_IMPLIED_VOL] !== undefined || clock.now() - pricedAt >= (this.options.ivGraceMs ?? 1_500)) return q;
      } else if (clock.now() - start >= timeout) {
        throw new Error(`${symbol}: no underlying price within ${timeout} ms`);
      }
      await clockDelay(clock, POLL_MS);
    }
  }
}

export function spotOf(q: Readonly<Quote>): number | null {
  if (q.bid !== undefined && q.ask !== undefined && q.bid > 0 && q.ask >= q.bid) return (q.bid + q.ask) / 2;
  if (q.last !== undefined && q.last > 0) return q.last;
  if (q.close !== undefined && q.close > 0) return q.close;
  return null;
}
