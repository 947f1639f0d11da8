/**
 * The continuous scan's scoring of the chains it holds (issue 16): one symbol re-scored when its quotes arrive and
 * merged with the others' rows (`IncrementalScan`), every chain held on new settings; and the engine's warm-up when
 * a scan starts, once per process and settings (the JIT state is the process's).
 */
import type { OptionChain } from '../chain/option-chain';
import { IncrementalScan, type IncrementalScanInput } from '../scan/incremental-scan';
import type { ScanConfig, ScanResult } from '../scan/scan-engine';
import { warmUpScanEngine } from '../scan/warm-up';

/** A chain the scan holds, with its pre-filter counts for the funnel. */
export interface HeldChain {
  chain: OptionChain;
  listed: number;
  quoted: number;
  /** Candidates not quoted because none of their spreads could reach the top (ADR 0017). */
  pruned?: number;
}

export interface HeldScore {
  result: ScanResult;
  /** Scoring plus merge. */
  ms: number;
  scope: 'symbol' | 'all';
}

export class HeldScoring {
  private readonly scorer: IncrementalScan;
  /** Nothing scored yet for these settings: the first scoring re-scores every chain held. */
  private scoreAll = true;

  constructor(config: ScanConfig) {
    this.scorer = new IncrementalScan(config);
  }

  /**
   * Re-scores the chains of `changed` alone (one symbol or several, e.g. the batches coalesced into one publication;
   * null: every chain held) and merges the rows of `symbols`, in request order.
   */
  score(changed: string | readonly string[] | null, symbols: readonly string[], chains: ReadonlyMap<string, HeldChain>, now: number): HeldScore {
    const input = (s: string, h: HeldChain): IncrementalScanInput => ({ symbol: s, chain: h.chain, meta: { contractsListed: h.listed, contractsQuoted: h.quoted } });
    let ms = 0;
    let scope: HeldScore['scope'] = 'symbol';
    if (this.scoreAll || changed === null) {
      const inputs = symbols.flatMap((s) => {
        const h = chains.get(s);
        return h ? [input(s, h)] : [];
      });
      ms = this.scorer.updateAll(inputs, now);
      scope = 'all';
      this.scoreAll = false;
    } else {
      for (const symbol of typeof changed === 'string' ? [changed] : changed) {
        const held = chains.get(symbol);
        if (held) ms += this.scorer.update(input(symbol, held), now);
        else this.scorer.remove(symbol);
      }
    }
    const result = this.scorer.merge(symbols);
    return { result, ms: ms + result.ms, scope };
  }

  /** Adopts the filter order learned over the cycle; when it changed, the caller re-scores every chain (null). */
  adoptLearnedOrder(): boolean {
    return this.scorer.adoptLearnedOrder();
  }
}

const WARMED = new Set<string>();

/**
 * Warms the engine for `config` unless this process already did (warm-up.ts); resolves to the warm-up's scoring
 * time in ms, or null when skipped. Never rejects: a failed warm-up is only a missed optimization.
 */
export async function warmUpOnce(config: ScanConfig, now: number): Promise<number | null> {
  const key = JSON.stringify(config);
  if (WARMED.has(key)) return null;
  WARMED.add(key);
  try {
    return (await warmUpScanEngine([config], now)).ms;
  } catch {
    return null;
  }
}
