/**
 * The continuous scan's side of the pruning (ADR 0017): a fresh threshold per cycle, shared by the cycle's symbols,
 * and the counts the status reports. The pruning itself is in acquisition/.
 */
import { SCAN_DEFAULT_MAX_ROWS, type ScanAcquisitionCounts } from '@ibsc/shared-dto';
import type { PruneSettings } from '../acquisition/pruned-acquisition';
import { PruneThreshold } from '../acquisition/score-pruning';
import type { OptionContract } from '../chain/option-chain';
import type { ScanConfig } from '../scan/scan-engine';
import type { HeldChain } from './held-scoring';

export function pruneSettingsFor(
  config: ScanConfig,
  o: { prune?: boolean; pruneMargin?: number },
  order?: (contracts: OptionContract[]) => OptionContract[],
  planner?: PruneSettings['planner'],
): PruneSettings | undefined {
  if (o.prune === false) return undefined;
  return { config, threshold: new PruneThreshold(config.maxRows ?? SCAN_DEFAULT_MAX_ROWS), margin: o.pruneMargin, order, planner };
}

export function acquisitionCounts(chains: Iterable<HeldChain>, streaming?: number): ScanAcquisitionCounts | null {
  let listed = 0;
  let quoted = 0;
  let pruned = 0;
  let any = false;
  for (const c of chains) {
    any = true;
    listed += c.listed;
    quoted += c.quoted;
    pruned += c.pruned ?? 0;
  }
  return any ? { listed, quoted, pruned, streaming: streaming ?? 0 } : null;
}
