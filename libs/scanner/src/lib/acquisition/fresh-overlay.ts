/**
 * The fresh lane's quotes on a held chain (ADR 0024): a leg's quote is replaced where the fresh one is newer; the
 * open interest and the greeks a fresh quote lacks (a rotation takes the first bid/ask; OI is the day's, from the
 * scan's stream of it) are the held quote's. A leg the chain holds no quote for (not quoted, or no market at the
 * scan's last look) is left alone: the lane refreshes rows, it never creates them.
 */
import { contractKey, type ChainOption, type OptionChain, type OptionQuote } from '../chain/option-chain';
import type { HeldChain } from '../service/held-scoring';
import type { FreshQuotes } from './fresh-rows';

/** Overlays a tick's fresh quotes on the chains held; returns the symbols whose chain changed (to re-score). */
export function applyFreshQuotes(chains: Map<string, HeldChain>, quotes: FreshQuotes): string[] {
  const changed: string[] = [];
  for (const [symbol, q] of quotes) {
    const held = chains.get(symbol);
    if (!held) continue;
    const chain = overlayFreshQuotes(held.chain, q);
    if (chain === held.chain) continue;
    chains.set(symbol, { ...held, chain });
    changed.push(symbol);
  }
  return changed;
}

/** A chain the acquisition replaced, with the lane's newer quotes kept (a batch must not bring back older ones). */
export function keepFresher(held: HeldChain, quotes: ReadonlyMap<string, OptionQuote> | undefined): HeldChain {
  if (!quotes?.size) return held;
  const chain = overlayFreshQuotes(held.chain, quotes);
  return chain === held.chain ? held : { ...held, chain };
}

/** The chain with `quotes` overlaid (the same object when none applies). */
export function overlayFreshQuotes(chain: OptionChain, quotes: ReadonlyMap<string, OptionQuote>): OptionChain {
  if (quotes.size === 0) return chain;
  let changed = false;
  const side = (opts: ReadonlyArray<ChainOption | null>): ReadonlyArray<ChainOption | null> => {
    let copy: Array<ChainOption | null> | null = null;
    opts.forEach((o, i) => {
      if (!o?.quote) return;
      const f = quotes.get(contractKey(o.contract));
      if (!f || f.quoteTime <= o.quote.quoteTime) return;
      copy ??= [...opts];
      copy[i] = { contract: o.contract, quote: mergeQuote(o.quote, f) };
    });
    if (copy) changed = true;
    return copy ?? opts;
  };
  const expiries = chain.expiries.map((e) => {
    const calls = side(e.calls);
    const puts = side(e.puts);
    return calls === e.calls && puts === e.puts ? e : { ...e, calls, puts };
  });
  return changed ? { ...chain, expiries } : chain;
}

function mergeQuote(held: OptionQuote, fresh: OptionQuote): OptionQuote {
  const keep = (f: number | null, h: number | null) => f ?? h;
  return {
    bid: fresh.bid,
    ask: fresh.ask,
    last: keep(fresh.last, held.last),
    iv: keep(fresh.iv, held.iv),
    delta: keep(fresh.delta, held.delta),
    gamma: keep(fresh.gamma, held.gamma),
    theta: keep(fresh.theta, held.theta),
    vega: keep(fresh.vega, held.vega),
    volume: keep(fresh.volume, held.volume),
    openInterest: keep(fresh.openInterest, held.openInterest),
    quoteTime: fresh.quoteTime,
  };
}
