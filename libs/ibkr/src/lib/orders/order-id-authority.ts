import type { OrderIdStore } from './order-id-store';

/**
 * The one source of order ids: next = max(the gateway's nextValidId, the highest id this system ever used + 1),
 * reserved in the store before it is handed out. A gateway that rolls its id back after a restart (QuantConnect
 * Lean #242) therefore never gets a reused id, and neither does a restarted API.
 */
export class OrderIdAuthority {
  private gatewayNext: number | null = null;
  private localHighest: number | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private loadedScope: string | null = null;

  constructor(
    private readonly store: OrderIdStore,
    /** The account (or other scope) ids are unique within. */
    private scope = 'default',
  ) {}

  /** The gateway's nextValidId (at every handshake and after reqIds). */
  onNextValidId(id: number): void {
    if (Number.isInteger(id) && id > 0) this.gatewayNext = id;
  }

  /** Ids are kept per account; call when managedAccounts names it. */
  setScope(scope: string): void {
    if (scope && scope !== this.scope) {
      this.scope = scope;
      this.localHighest = null;
      this.loadedScope = null;
    }
  }

  /** The id `next()` would hand out now (for health), or null before the first nextValidId. */
  peek(): number | null {
    if (this.gatewayNext === null) return null;
    return Math.max(this.gatewayNext, (this.localHighest ?? 0) + 1);
  }

  /** Reserves and returns the next order id. Serialised: concurrent callers get distinct ids. */
  next(): Promise<number> {
    const run = this.chain.then(() => this.allocate());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async allocate(): Promise<number> {
    if (this.gatewayNext === null) throw new Error('no nextValidId from the gateway yet: not connected');
    if (this.loadedScope !== this.scope) {
      const stored = await this.store.highest(this.scope);
      this.localHighest = Math.max(this.localHighest ?? 0, stored ?? 0) || null;
      this.loadedScope = this.scope;
    }
    const id = Math.max(this.gatewayNext, (this.localHighest ?? 0) + 1);
    await this.store.reserve(this.scope, id);
    this.localHighest = id;
    return id;
  }
}
