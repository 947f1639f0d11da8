/**
 * Progressive acquisition (issue 17, item 3): one chain's quotes asked for in expiry batches, nearest expiry first,
 * and handed over batch by batch as they complete, so the scan can score and publish the first rows long before the
 * whole chain is quoted (SPY: about 4,800 contracts, minutes at 45 messages/s).
 *
 * - A batch is one expiry's contracts, at most `maxPerBatch` of them (a long expiry is cut in several batches).
 *   Expiries go nearest first; within an expiry the pre-filter's order is kept (the most plausible short legs first:
 *   nearest the money when no delta range is set), so the first batch of an expiry holds the strikes that matter.
 * - The contracts still go to the quote source as ONE request in batch order: its workers never wait at a batch's
 *   end for the slowest contract (a snapshot can take 11 s at IB), they take the next batch's contracts meanwhile.
 *   A batch is reported when its last contract is answered (`QuoteRequest.onResult`), so batches may complete out
 *   of order by a little; each is reported once.
 * - Verticals pair legs of one expiry only, so a batch never needs another expiry's quotes.
 */
import { contractKey, type OptionContract, type OptionQuote } from '../chain/option-chain';
import type { QuoteBatch, QuoteMissingReason, QuoteResult, QuoteSource } from '../sources/market-sources';

/** Contracts per batch at most: about 2–3 s of quotes at 45 messages/s. */
export const DEFAULT_BATCH_CONTRACTS = 120;

export interface ExpiryBatchPlan {
  /** Every contract, in batch order. */
  contracts: OptionContract[];
  /** Per batch: its expiry and its slice of `contracts` [start, end). */
  batches: Array<{ expiry: string; start: number; end: number }>;
}

/** Groups `contracts` by expiry, nearest (YYYYMMDD ascending) first, keeping their order within an expiry. */
export function planExpiryBatches(contracts: readonly OptionContract[], maxPerBatch = DEFAULT_BATCH_CONTRACTS): ExpiryBatchPlan {
  if (!(maxPerBatch >= 1)) throw new Error(`maxPerBatch must be at least 1, got ${maxPerBatch}`);
  const byExpiry = new Map<string, OptionContract[]>();
  for (const c of contracts) {
    const list = byExpiry.get(c.expiry);
    if (list) list.push(c);
    else byExpiry.set(c.expiry, [c]);
  }
  const out: OptionContract[] = [];
  const batches: ExpiryBatchPlan['batches'] = [];
  for (const expiry of [...byExpiry.keys()].sort()) {
    const list = byExpiry.get(expiry) as OptionContract[];
    for (let i = 0; i < list.length; i += maxPerBatch) {
      const start = out.length;
      out.push(...list.slice(i, i + maxPerBatch));
      batches.push({ expiry, start, end: out.length });
    }
  }
  return { contracts: out, batches };
}

/** One completed batch. */
export interface QuotedBatch {
  /** 0-based, in plan order (nearest expiry first). */
  index: number;
  count: number;
  expiry: string;
  quotes: ReadonlyMap<string, OptionQuote>;
  missing: ReadonlyArray<{ key: string; reason: QuoteMissingReason }>;
}

export interface BatchedQuoteOptions {
  signal?: AbortSignal;
  maxPerBatch?: number;
  /** Each batch once, when its last contract is answered. */
  onBatch: (batch: QuotedBatch) => void;
  /** Each contract as it is answered (progress). */
  onContract?: (result: QuoteResult) => void;
}

/** Quotes `contracts` in expiry batches (see the file comment); resolves with the whole batch as `requestQuotes`. */
export async function requestQuotesInBatches(source: QuoteSource, contracts: readonly OptionContract[], o: BatchedQuoteOptions): Promise<QuoteBatch> {
  const plan = planExpiryBatches(contracts, o.maxPerBatch);
  const batchOf = new Int32Array(plan.contracts.length);
  const left = plan.batches.map((b, i) => {
    batchOf.fill(i, b.start, b.end);
    return b.end - b.start;
  });
  const answers: Array<QuoteResult | undefined> = new Array(plan.contracts.length);
  const report = (bi: number): void => {
    const b = plan.batches[bi];
    const quotes = new Map<string, OptionQuote>();
    const missing: Array<{ key: string; reason: QuoteMissingReason }> = [];
    for (let i = b.start; i < b.end; i++) {
      const key = contractKey(plan.contracts[i]);
      const r = answers[i] as QuoteResult;
      if ('quote' in r) quotes.set(key, r.quote);
      else missing.push({ key, reason: r.missing });
    }
    o.onBatch({ index: bi, count: b.end - b.start, expiry: b.expiry, quotes, missing });
  };
  return source.requestQuotes({
    contracts: plan.contracts,
    signal: o.signal,
    onResult: (i, r) => {
      if (answers[i] !== undefined) return;
      answers[i] = r;
      o.onContract?.(r);
      const bi = batchOf[i];
      if (--left[bi] === 0) report(bi);
    },
  });
}
