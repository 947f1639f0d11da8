/**
 * The paper account's ledger: cash and positions per conId with IB-style average cost (price × multiplier, opening
 * commissions included), realized P&L on reducing executions. Valuation and margin live in account-values.ts.
 */
export interface PositionEntry {
  conId: number;
  /** Signed quantity (shares or contracts). */
  position: number;
  /** IB's avgCost: per share for stock, per contract (price × 100) for options, commissions included. */
  avgCost: number;
  multiplier: number;
}

export interface ExecutionEffect {
  /** Realized P&L of the closing part, net of this execution's commission; undefined if nothing was closed. */
  realizedPnl: number | undefined;
}

export class Portfolio {
  private readonly entries = new Map<number, PositionEntry>();

  constructor(public cash: number) {}

  /** Replaces every position (an account restored from its file). */
  load(cash: number, entries: readonly PositionEntry[]): void {
    this.cash = cash;
    this.entries.clear();
    for (const e of entries) this.entries.set(e.conId, { ...e });
  }

  clone(): Portfolio {
    const p = new Portfolio(this.cash);
    for (const [k, v] of this.entries) p.entries.set(k, { ...v });
    return p;
  }

  /** Every position ever held today, including those now flat (IB reports them with 0 until the next day). */
  all(): PositionEntry[] {
    return [...this.entries.values()];
  }

  open(): PositionEntry[] {
    return this.all().filter((e) => e.position !== 0);
  }

  get(conId: number): PositionEntry | undefined {
    return this.entries.get(conId);
  }

  /**
   * Books one execution. `quantity` is signed (+ bought, − sold); `price` per share/contract unit (not multiplied).
   */
  apply(conId: number, quantity: number, price: number, multiplier: number, commission: number): ExecutionEffect {
    this.cash -= quantity * price * multiplier + commission;
    const e = this.entries.get(conId) ?? { conId, position: 0, avgCost: 0, multiplier };
    this.entries.set(conId, e);
    const unitCost = price * multiplier;
    const old = e.position;
    if (old === 0 || Math.sign(old) === Math.sign(quantity)) {
      // Opening or adding: the commission goes into the average cost.
      const newPos = old + quantity;
      const signedCommission = Math.sign(quantity) * commission;
      e.avgCost = (Math.abs(old) * e.avgCost + Math.abs(quantity) * unitCost + signedCommission) / Math.abs(newPos);
      e.position = newPos;
      return { realizedPnl: undefined };
    }
    const closing = Math.min(Math.abs(quantity), Math.abs(old));
    const direction = Math.sign(old); // +1 closing a long, −1 covering a short
    const realized = direction * (unitCost - e.avgCost) * closing - commission;
    const newPos = old + quantity;
    if (newPos === 0) {
      e.position = 0;
    } else if (Math.sign(newPos) === Math.sign(old)) {
      e.position = newPos; // reduced, average cost unchanged
    } else {
      e.position = newPos; // flipped: the remainder opens at this price
      e.avgCost = unitCost;
    }
    return { realizedPnl: realized };
  }
}
