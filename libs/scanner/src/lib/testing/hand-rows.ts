/** Whole result rows of the scan engine on the hand chain (every spread type, width 5): rows as the scan publishes them. */
import type { SpreadRow } from '@ibsc/shared-dto';
import { ScanEngine } from '../scan/scan-engine';
import { HAND_NOW, handChain } from './hand-chain';

export function handRows(): SpreadRow[] {
  return new ScanEngine({ spreadTypes: ['bull-put', 'bear-call', 'bull-call', 'bear-put'], widths: [5], maxRows: 50 }).run([handChain()], HAND_NOW).rows;
}
