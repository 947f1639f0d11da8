/**
 * Drives the walks of working orders: a timer on the injected clock ticks each order's WalkSession with the live
 * combo quote, carries out its decisions (modify the limit through OrderPlacementService — same order id and
 * orderRef — or cancel at the timeout) and stores every new step of its log in order_walk_steps. `resume` takes over
 * a walk rebuilt from that log after a restart (walk-resume.ts).
 */
import type { Clock, TimerHandle } from '@ibsc/ibkr';
import type { ComboQuote } from '../pricing/combo-quote';
import type { OrderAction } from '../pricing/vertical';
import { type WalkDecision, WalkSession, type WalkStepRecord } from '../pricing/walk-session';
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
    await this.flush(orderId, this.track(orderId, session, settings, 0));
  }

  /**
   * Continues a walk rebuilt from its stored log (WalkSession.restore; its clock must be this driver's): ticks it at
   * once — so a timeout that passed meanwhile cancels now, logged — and then on the timer. A walk whose timeout was
   * already logged re-sends the cancel. Steps the session added since its restore (a fill made meanwhile) are
   * stored first. When the order's limit (`orderLimit`, as stored) is not the walk's last price — a step logged whose
   * modify never went out — that price is sent. Returns what the first tick decided; 'none' when the order already walks here.
   */
  async resume(orderId: string, session: WalkSession, settings: WalkSettings, orderLimit: number | null): Promise<WalkDecision['kind']> {
    if (this.walks.has(orderId)) return 'none';
    const w = this.track(orderId, session, settings, session.restoredSteps);
    await this.flush(orderId, w);
    if (session.state === 'cancelling') {
      await this.actions.cancel(orderId);
      return 'cancel';
    }
    const d = await this.tick(orderId);
    // A step logged but never carried out (the API stopped in between): send it now, as a modify of the same order.
    if (d === 'none' && (session.state === 'walking' || session.state === 'resting') && orderLimit !== session.currentPrice) {
      await this.actions.modify(orderId, session.currentPrice);
      return 'modify';
    }
    return d;
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

  private track(orderId: string, session: WalkSession, settings: WalkSettings, persisted: number): Walk {
    const timer = this.clock.setInterval(() => void this.tick(orderId), Math.min(1_000, settings.intervalMs));
    const w: Walk = { session, timer, persisted, busy: false };
    this.walks.set(orderId, w);
    return w;
  }

  private async tick(orderId: string): Promise<WalkDecision['kind']> {
    const w = this.walks.get(orderId);
    if (!w || w.busy) return 'none';
    w.busy = true;
    try {
      const q = await this.actions.quote(orderId);
      const d = w.session.tick(q);
      await this.flush(orderId, w);
      if (d.kind === 'modify') await this.actions.modify(orderId, d.price);
      else if (d.kind === 'cancel') await this.actions.cancel(orderId);
      return d.kind;
    } catch (e) {
      this.actions.onError(orderId, e);
      return 'none';
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
