/**
 * One symbol's chain as its expiry batches arrive (issue 17, item 3): the quotes held from the symbol's previous
 * cycle, overlaid batch by batch with this cycle's answers (a quote replaces the old one, a contract now without a
 * market loses its old quote), on this cycle's definition and underlying. Scoring it is an ordinary scoring of the
 * symbol's chain as held at that moment, so the merged table stays exact (incremental-scan.ts); unquoted legs are
 * never priced, so a row appears only when both of its legs have a real quote.
 *
 * Only the expiries a batch touched are rebuilt; the others keep their slice objects (a batch is one expiry of a
 * chain of dozens: rebuilding every slice per batch made megabytes of garbage a second on the API's thread).
 */
import { contractKey, expirySliceFromDefinition, type ExpirySlice, type OptionChain, type OptionQuote } from '../chain/option-chain';
import type { AcquireStart } from '../scan/acquire-chain';
import type { QuotedBatch } from '../scan/expiry-batches';
import type { HeldChain } from './held-scoring';

export class ProgressiveChain {
  private readonly quotes: Map<string, OptionQuote>;
  private start: AcquireStart | null = null;
  /** The slices built for the current definition, by its expiry index; the expiry dates touched since. */
  private slices: Array<ExpirySlice | undefined> = [];
  private readonly touched = new Set<string>();

  constructor(
    private readonly rate: number,
    previous?: OptionChain,
  ) {
    this.quotes = previous ? quotesOf(previous) : new Map();
  }

  begin(start: AcquireStart): void {
    if (start.def !== this.start?.def) this.slices = [];
    this.start = start;
  }

  add(batch: QuotedBatch): void {
    this.touched.add(batch.expiry);
    for (const [k, q] of batch.quotes) {
      this.quotes.set(k, q);
      this.touched.add(expiryOfKey(k));
    }
    for (const m of batch.missing) {
      if (m.reason === 'aborted') continue;
      this.quotes.delete(m.key);
      this.touched.add(expiryOfKey(m.key));
    }
  }

  /** The chain as held now (null before the definition and underlying are known). */
  held(): HeldChain | null {
    const s = this.start;
    if (!s) return null;
    const expiries = s.def.expiries.map((e, i) => {
      let slice = this.slices[i];
      if (!slice || this.touched.has(e.expiry)) this.slices[i] = slice = expirySliceFromDefinition(s.def, e, this.quotes);
      return slice;
    });
    this.touched.clear();
    return { chain: { underlying: s.underlying, rate: this.rate, expiries }, listed: s.prefilter.listed, quoted: this.quotes.size };
  }
}

/** The expiry date of a contract key (`SYMBOL|YYYYMMDD|C|strike[|CLASS]`). */
function expiryOfKey(key: string): string {
  const a = key.indexOf('|');
  return key.slice(a + 1, key.indexOf('|', a + 1));
}

/** The quotes a chain holds, by contract key. */
export function quotesOf(chain: OptionChain): Map<string, OptionQuote> {
  const out = new Map<string, OptionQuote>();
  for (const e of chain.expiries) {
    for (const side of [e.calls, e.puts]) for (const o of side) if (o?.quote) out.set(contractKey(o.contract), o.quote);
  }
  return out;
}
