/**
 * The first acquisition cycle's progress (issue 17, item 3), for the status: symbols done of the requested ones
 * and option contracts answered of the pre-filter's total. A symbol's total is estimated up front (its pre-filter
 * run on its chain and underlying, fetched alongside the acquisition) and replaced by the real count when its
 * acquisition starts; the total is null until every symbol has one.
 */
import type { ScanCycleProgress } from '@ibsc/shared-dto';

export class FirstCycleProgress {
  private readonly totals = new Map<string, { n: number; exact: boolean }>();
  private symbolsDone = 0;
  private contractsDone = 0;
  private running = true;

  constructor(private readonly symbols: readonly string[]) {}

  /** An up-front count; ignored once the real one is known. */
  estimate(symbol: string, contracts: number): void {
    if (!this.totals.get(symbol)?.exact) this.totals.set(symbol, { n: contracts, exact: false });
  }

  /** The pre-filter's real count, when the symbol's acquisition starts. */
  begin(symbol: string, contracts: number): void {
    this.totals.set(symbol, { n: contracts, exact: true });
  }

  contract(): void {
    if (this.running) this.contractsDone++;
  }

  /** A symbol's acquisition ended (acquired or failed). */
  symbolDone(): void {
    if (this.running) this.symbolsDone++;
  }

  end(): void {
    this.running = false;
  }

  /** Null once the first cycle ended. */
  snapshot(): ScanCycleProgress | null {
    if (!this.running) return null;
    let total: number | null = 0;
    for (const s of this.symbols) {
      const t = this.totals.get(s);
      total = t && total !== null ? total + t.n : null;
    }
    return { symbolsDone: this.symbolsDone, symbolsTotal: this.symbols.length, contractsDone: this.contractsDone, contractsTotal: total };
  }
}
