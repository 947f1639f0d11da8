import type { Clock } from '../clock';
import type { MarketModel } from '../market/market-types';
import type { HandlerRegistry, SimSession } from './handler-registry';
import type { SimLimits } from './sim-limits';

/** The order-id sequence behind nextValidId and reqIds. The orders engine marks ids it sees as used. */
export interface OrderIdSequence {
  /** The id nextValidId reports now. */
  next(): number;
  /** An order used `id`: next() becomes at least id + 1, as TWS does. */
  markUsed(id: number): void;
  /** Sets the sequence back (a restarted gateway that lost its state). */
  rollbackTo(id: number): void;
}

/** Faults the orders engine must honour; it reads them, the fault controller sets them. */
export interface OrderFaultHooks {
  /** Returns the reason once if `faults.rejectNextOrder()` was called, then clears it. */
  consumeNextOrderRejection(): string | undefined;
}

/** Connected clients, for engines that push to other sessions (e.g. client 0 sees every order). */
export interface SessionDirectory {
  all(): SimSession[];
  byClientId(clientId: number): SimSession | undefined;
  /** After startApi completed; returns an unsubscribe function. */
  onReady(listener: (s: SimSession) => void): () => void;
  onClosed(listener: (s: SimSession) => void): () => void;
}

/** What handler modules (built-in and the orders/account engine) are given. */
export interface SimContext {
  readonly market: MarketModel;
  readonly clock: Clock;
  readonly accountId: string;
  readonly limits: SimLimits;
  readonly orderIds: OrderIdSequence;
  readonly orderFaults: OrderFaultHooks;
  readonly sessions: SessionDirectory;
}

/** A module that registers message handlers; it may return a dispose function called by `sim.stop()`. */
export type RegisterExtension = (registry: HandlerRegistry, ctx: SimContext) => void | (() => void);

export class SimpleOrderIdSequence implements OrderIdSequence {
  private value: number;
  constructor(initial: number) {
    this.value = initial;
  }
  next(): number {
    return this.value;
  }
  markUsed(id: number): void {
    if (id >= this.value) this.value = id + 1;
  }
  rollbackTo(id: number): void {
    this.value = id;
  }
}
