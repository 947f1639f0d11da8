/**
 * Drives the walks of working orders: a timer on the injected clock ticks each order's WalkSession with the live
 * combo quote, carries out its decisions (modify the limit through OrderPlacementService — same order id and
 * orderRef — or cancel at the timeout) and stores every new step of its log in order_walk_steps.
 */
import type { Clock, TimerHandle } from '@ibsc/ibkr';
import type { ComboQuote } from '../pricing/combo-quote';
import type { OrderAction } from '../pricing/vertical';
import { WalkSession, type WalkStepRecord } from '../pricing/walk-session';
import type { WalkSettings } from '../pricing/walk-planner';

export interface WalkActions {
  quote(orderId: string): Promise<ComboQuote | null>;
  modify(orderId: string, price: number): Promise<void>;
  cancel(orderId: string): Promise<void>;
  persist(orderId: string, steps: readonly WalkStepRecord[]): Promise<void>;
  onError(orderId: string, e: unknown): void;
}

interface Walk {
  session: WalkSession;
  timer: TimerHandle;
  persisted: number;
  busy: boolean;
}

export class WalkDriver {
  private readonly walks = new Map<string, Walk>();

  constructor(
    private readonly clock: Clock,
    private readonly actions: WalkActions,
  ) {}

  /** Starts the walk of an order just placed at the session's initial price (the mid of `q`). */
  async start(orderId: string, action: OrderAction, quantity: number, settings: WalkSettings, q: ComboQuote): Promise<void> {
    if (this.walks.has(orderId)) return;
    const session = new WalkSession(action, quantity, settings, () => new Date(this.clock.now()), q);
    const timer = this.clock.setInterval(() => void this.tick(orderId), Math.min(1_000, settings.intervalMs));
    const w: Walk = { session, timer, persisted: 0, busy: false };
    this.walks.set(orderId, w);
    await this.flush(orderId, w);
  }

  has(orderId: string): boolean {
    return this.walks.has(orderId);
  }

  /** Reprices so far (walk steps to fill). */
  repriceCount(orderId: string): number | null {
    const w = this.walks.get(orderId);
    return w ? w.session.log.filter((s) => s.kind === 'reprice').length : null;
  }

  async onFill(orderId: string, filledQuantity: number, q: ComboQuote | null): Promise<void> {
    const w = this.walks.get(orderId);
    if (!w) return;
    w.session.onFill(filledQuantity, q);
    await this.flush(orderId, w);
  }

  /** The order is final: no more steps. */
  async stop(orderId: string): Promise<void> {
    const w = this.walks.get(orderId);
    if (!w) return;
    this.clock.clearInterval(w.timer);
    this.walks.delete(orderId);
    await this.flush(orderId, w);
  }

  stopAll(): void {
    for (const w of this.walks.values()) this.clock.clearInterval(w.timer);
    this.walks.clear();
  }

  private async tick(orderId: string): Promise<void> {
    const w = this.walks.get(orderId);
    if (!w || w.busy) return;
    w.busy = true;
    try {
      const q = await this.actions.quote(orderId);
      const d = w.session.tick(q);
      await this.flush(orderId, w);
      if (d.kind === 'modify') await this.actions.modify(orderId, d.price);
      else if (d.kind === 'cancel') await this.actions.cancel(orderId);
    } catch (e) {
      this.actions.onError(orderId, e);
    } finally {
      w.busy = false;
    }
  }

  private async flush(orderId: string, w: Walk): Promise<void> {
    const fresh = w.session.log.slice(w.persisted);
    if (fresh.length === 0) return;
    w.persisted = w.session.log.length;
    await this.actions.persist(orderId, fresh);
  }
}
