/**
 * When the order engine looks at its orders again: on every evaluation interval (day-order expiry, working orders
 * without a pending wake, armed stops), on market changes of an order's legs, and on each order's one-shot wake
 * (partial-fill pacing, mid-zone trials). Also drives the account-summary refresh. What is done to an order is the
 * engine's (order-engine.ts); everything here stops on dispose.
 */
import type { TimerHandle } from '../clock';
import type { OrderEngineContext } from './order-types';
import { TERMINAL, type SimOrder } from './sim-order';

/** What the engine does when the scheduler calls. */
export interface OrderWork {
  orders(): readonly SimOrder[];
  /** A transmitted DAY order past its expiry. */
  expire(o: SimOrder): void;
  /** A Submitted order: try to fill it now. */
  evaluate(o: SimOrder): void;
  /** An armed stop: trigger it if the market touches it. */
  checkStop(o: SimOrder): void;
  /** Whatever a working order does now (evaluate or check its stop). */
  work(o: SimOrder): void;
  refreshSummaries(): void;
}

export interface ScheduleIntervals {
  evaluationIntervalMs: number;
  accountSummaryIntervalMs: number;
}

export class OrderScheduler {
  private readonly timers: TimerHandle[] = [];
  private readonly unsubscribeMarket: () => void;
  private disposed = false;

  constructor(
    private readonly clock: OrderEngineContext['clock'],
    market: OrderEngineContext['market'],
    intervals: ScheduleIntervals,
    private readonly engine: OrderWork,
  ) {
    this.timers.push(clock.setInterval(() => this.onTimer(), intervals.evaluationIntervalMs));
    this.timers.push(clock.setInterval(() => engine.refreshSummaries(), intervals.accountSummaryIntervalMs));
    this.unsubscribeMarket = market.onChange((conIds) => this.onMarketChange(conIds));
  }

  /** Evaluates `o` at `at` (or now, if that has passed), replacing its pending wake. */
  wake(o: SimOrder, at: number): void {
    this.clearWake(o);
    if (this.disposed) return;
    const delay = Math.max(0, at - this.clock.now());
    o.wake = this.clock.setTimeout(() => {
      o.wake = undefined;
      this.engine.evaluate(o);
    }, delay);
  }

  clearWake(o: SimOrder): void {
    if (o.wake) this.clock.clearTimeout(o.wake);
    o.wake = undefined;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.timers) this.clock.clearInterval(t);
    for (const o of this.engine.orders()) this.clearWake(o);
    this.unsubscribeMarket();
  }

  private onTimer(): void {
    const now = this.clock.now();
    for (const o of this.engine.orders()) {
      if (TERMINAL.has(o.status) || !o.transmitted) continue;
      if (o.expiresAt !== undefined && now >= o.expiresAt) {
        this.engine.expire(o);
        continue;
      }
      if (o.status === 'Submitted' && o.wake === undefined) this.engine.evaluate(o);
      else if (o.stopArmed) this.engine.checkStop(o);
    }
  }

  private onMarketChange(conIds: number[]): void {
    if (this.disposed) return;
    const changed = new Set(conIds);
    for (const o of this.engine.orders()) {
      if (o.status !== 'Submitted' && !o.stopArmed) continue;
      if (o.instrument.legs.some((l) => changed.has(l.conId))) this.engine.work(o);
    }
  }
}
