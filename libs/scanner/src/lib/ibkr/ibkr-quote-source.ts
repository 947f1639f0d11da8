/**
 * Option quotes through the line manager, within the line budget and the message rate, obeying backpressure.
 *
 * Two ways to get a quote, both measured against the simulator under IB's limits (docs/scanner.md, "Rotation or
 * snapshots"):
 * - `stream` (rotation): subscribe a line with generic tick 101 (open interest), keep it until bid/ask, model
 *   greeks and OI arrived (or `dwellMs` after the first price), cancel it, take the next contract. At most `lines`
 *   lines at once. 2 messages per contract (reqMktData + cancelMktData).
 * - `snapshot`: reqMktData snapshot=true. 1 message per contract, a line held only until tickSnapshotEnd. IB
 *   refuses generic ticks on snapshots (321), so a snapshot has no open interest: OI is static for the day (IB
 *   publishes it once, from the previous close), so the first time a contract is quoted on a day it is streamed
 *   (which brings its OI) and later quotes of that day are snapshots with the day's OI from the cache.
 * Contracts are quoted in the order given (the pre-filter's most plausible first); an aborted request returns
 * what it has, the rest `aborted`.
 */
import type { Contract } from '@stoqey/ib';
import { newYorkDayNumber } from '../chain/calendar';
import { contractKey, type OptionContract, type OptionQuote } from '../chain/option-chain';
import type { QuoteBatch, QuoteMissingReason, QuoteRequest, QuoteResult, QuoteSource } from '../sources/market-sources';
import { obeyBackpressure, type IbkrPorts } from './ibkr-ports';
import { openInterestOf, quoteComplete, quoteHasPrices, toOptionQuote } from './quote-convert';

export const QUOTE_ACQUISITION_MODES = ['stream', 'snapshot'] as const;
export type QuoteAcquisitionMode = (typeof QUOTE_ACQUISITION_MODES)[number];

/** The measured winner under IB's limits (docs/scanner.md): snapshots, with OI streamed once a day. */
export const DEFAULT_QUOTE_MODE: QuoteAcquisitionMode = 'snapshot';

export interface IbkrQuoteSourceOptions {
  mode?: QuoteAcquisitionMode;
  /** Lines this source may hold at once. Default: the line budget minus `reserveLines`. */
  lines?: number;
  /** Lines left for others (order legs, positions, the underlyings, the UI). Default 10. */
  reserveLines?: number;
  /** Stream: after the first price, how long to wait for greeks and OI before taking what arrived. Default 1.5 s. */
  dwellMs?: number;
  /** No price within this: the contract has no market now. Default 5 s (stream) / 15 s (snapshot). */
  quoteTimeoutMs?: number;
  /** Pause unit when backing off (× the tier's slowdown). Default 25 ms. */
  basePauseMs?: number;
  /** Our cap on the coordinator's queue: wait while it holds this many. Default 20 (under the first tier, 25). */
  maxQueued?: number;
}

export interface QuoteSourceStats {
  mode: QuoteAcquisitionMode;
  requested: number;
  quoted: number;
  missing: number;
  /** Messages sent for quotes: 2 per streamed contract, 1 per snapshot. */
  messages: number;
  streamed: number;
  snapshots: number;
  /** Times the source waited on backpressure (tier > 0 or its own queue cap). */
  backoffs: number;
  /** Wall (clock) time of the last `requestQuotes`. */
  lastBatchMs: number;
}

type One = QuoteResult;

export class IbkrQuoteSource implements QuoteSource {
  readonly mode: QuoteAcquisitionMode;
  private readonly oi = new Map<string, { day: number; oi: number | null }>();
  private readonly counters: QuoteSourceStats;

  constructor(
    private readonly ports: IbkrPorts,
    private readonly options: IbkrQuoteSourceOptions = {},
  ) {
    this.mode = options.mode ?? DEFAULT_QUOTE_MODE;
    this.counters = { mode: this.mode, requested: 0, quoted: 0, missing: 0, messages: 0, streamed: 0, snapshots: 0, backoffs: 0, lastBatchMs: 0 };
  }

  stats(): QuoteSourceStats {
    return { ...this.counters };
  }

  /** Lines the source uses at once now. */
  lineSlots(): number {
    const max = this.ports.lines.usage().max;
    return Math.max(1, Math.min(max, this.options.lines ?? max - (this.options.reserveLines ?? 10)));
  }

  async requestQuotes(request: QuoteRequest): Promise<QuoteBatch> {
    const clock = this.ports.clock;
    const t0 = clock.now();
    const contracts = request.contracts;
    const results: Array<One | undefined> = new Array(contracts.length);
    let next = 0;
    const answer = (i: number, r: One): void => {
      results[i] = r;
      request.onResult?.(i, r);
    };
    const worker = async (): Promise<void> => {
      for (;;) {
        const i = next++;
        if (i >= contracts.length) return;
        if (request.signal?.aborted) {
          answer(i, { missing: 'aborted' });
          continue;
        }
        const tier = await obeyBackpressure(this.ports, this.options.basePauseMs ?? 25, this.options.maxQueued ?? 20, request.signal);
        if (tier > 0) this.counters.backoffs++;
        if (request.signal?.aborted) {
          answer(i, { missing: 'aborted' });
          continue;
        }
        answer(i, await this.quoteOne(contracts[i]));
      }
    };
    const n = Math.min(this.lineSlots(), contracts.length);
    await Promise.all(Array.from({ length: n }, () => worker()));
    const quotes = new Map<string, OptionQuote>();
    const missing: Array<{ key: string; reason: QuoteMissingReason }> = [];
    contracts.forEach((c, i) => {
      const r = results[i] ?? { missing: 'aborted' as const };
      const key = contractKey(c);
      if ('quote' in r) quotes.set(key, r.quote);
      else missing.push({ key, reason: r.missing });
    });
    this.counters.requested += contracts.length;
    this.counters.quoted += quotes.size;
    this.counters.missing += missing.length;
    this.counters.lastBatchMs = clock.now() - t0;
    return { quotes, missing };
  }

  private quoteOne(c: OptionContract): Promise<One> {
    if (this.mode === 'stream') return this.streamOne(c);
    const cached = this.oi.get(contractKey(c));
    if (!cached || cached.day !== this.today()) return this.streamOne(c);
    return this.snapshotOne(c, cached.oi);
  }

  private today(): number {
    return newYorkDayNumber(this.ports.clock.now());
  }

  private async snapshotOne(c: OptionContract, oi: number | null): Promise<One> {
    this.counters.snapshots++;
    this.counters.messages++;
    try {
      const q = await this.ports.lines.snapshot(ibContract(c), { timeoutMs: this.options.quoteTimeoutMs ?? 15_000 });
      if (!quoteHasPrices(q)) return { missing: 'no-market' };
      return { quote: toOptionQuote(q, oi, this.ports.clock.now()) };
    } catch {
      return { missing: 'error' };
    }
  }

  private streamOne(c: OptionContract): Promise<One> {
    const { clock, lines } = this.ports;
    this.counters.streamed++;
    this.counters.messages += 2;
    const key = contractKey(c);
    return new Promise<One>((resolve) => {
      let oi: number | null = null;
      let done = false;
      let subscribed = false;
      let pending: QuoteMissingReason | 'complete' | null = null;
      let dwell: ReturnType<typeof clock.setTimeout> | null = null;
      const finish = (how: QuoteMissingReason | 'complete'): void => {
        if (done) return;
        if (!subscribed) {
          pending = how;
          return;
        }
        done = true;
        clock.clearTimeout(timeout);
        if (dwell) clock.clearTimeout(dwell);
        const q = sub.quote();
        sub.release();
        if (how !== 'complete' && how !== 'no-market') return resolve({ missing: how });
        if (!quoteHasPrices(q)) return resolve({ missing: 'no-market' });
        this.oi.set(key, { day: this.today(), oi });
        resolve({ quote: toOptionQuote(q, oi, clock.now()) });
      };
      const timeout = clock.setTimeout(() => finish('no-market'), this.options.quoteTimeoutMs ?? 5_000);
      const sub = lines.subscribe(
        ibContract(c),
        {
          onTick: (tick, q) => {
            const v = openInterestOf(tick);
            if (v !== undefined) oi = v;
            if (quoteComplete(q, true, oi)) finish('complete');
            else if (!dwell && quoteHasPrices(q)) dwell = clock.setTimeout(() => finish('complete'), this.options.dwellMs ?? 1_500);
          },
          onStatus: (s) => {
            if (s === 'failed') finish('error');
            else if (s === 'evicted') finish('not-quoted');
          },
        },
        { genericTicks: '101' },
      );
      subscribed = true;
      if (pending) finish(pending);
    });
  }
}

/** conId + SMART when the chain came from contract details; otherwise the full option description. */
export function ibContract(c: OptionContract): Contract {
  if (c.conId) return { conId: c.conId, exchange: 'SMART' };
  return {
    symbol: c.symbol,
    secType: 'OPT' as Contract['secType'],
    lastTradeDateOrContractMonth: c.expiry,
    strike: c.strike,
    right: c.right as Contract['right'],
    multiplier: c.multiplier,
    exchange: 'SMART',
    currency: 'USD',
    ...(c.tradingClass ? { tradingClass: c.tradingClass } : {}),
  };
}
