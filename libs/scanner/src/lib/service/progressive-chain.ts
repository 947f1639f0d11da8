/**
 * One symbol's chain as its expiry batches arrive (issue 17, item 3): the quotes held from the symbol's previous
 * cycle, overlaid batch by batch with this cycle's answers (a quote replaces the old one, a contract now without a
 * market loses its old quote), on this cycle's definition and underlying. Scoring it is an ordinary scoring of the
 * symbol's chain as held at that moment, so the merged table stays exact (incremental-scan.ts); unquoted legs are
 * never priced, so a row appears only when both of its legs have a real quote.
 */
import { chainFromDefinition, contractKey, type OptionChain, type OptionQuote } from '../chain/option-chain';
import type { AcquireStart } from '../scan/acquire-chain';
import type { QuotedBatch } from '../scan/expiry-batches';
import type { HeldChain } from './held-scoring';

export class ProgressiveChain {
  private readonly quotes: Map<string, OptionQuote>;
  private start: AcquireStart | null = null;

  constructor(
    private readonly rate: number,
    previous?: OptionChain,
  ) {
    this.quotes = previous ? quotesOf(previous) : new Map();
  }

  begin(start: AcquireStart): void {
    this.start = start;
  }

  add(batch: QuotedBatch): void {
    for (const [k, q] of batch.quotes) this.quotes.set(k, q);
    for (const m of batch.missing) if (m.reason !== 'aborted') this.quotes.delete(m.key);
  }

  /** The chain as held now (null before the definition and underlying are known). */
  held(): HeldChain | null {
    const s = this.start;
    if (!s) return null;
    return { chain: chainFromDefinition(s.def, s.underlying, this.rate, this.quotes), listed: s.prefilter.listed, quoted: this.quotes.size };
  }
}

/** The quotes a chain holds, by contract key. */
export function quotesOf(chain: OptionChain): Map<string, OptionQuote> {
  const out = new Map<string, OptionQuote>();
  for (const e of chain.expiries) {
    for (const side of [e.calls, e.puts]) for (const o of side) if (o?.quote) out.set(contractKey(o.contract), o.quote);
  }
  return out;
}
