/**
 * A small state machine driving one order's walk, with time from an injected clock. The caller feeds it quotes and
 * fills and carries out the decisions it returns (modify the order's limit, cancel it); every decision is a step
 * in the log (price, bid/ask, time, filled so far).
 *
 *   walking ──(max slippage | EV floor)──▶ resting ──(timeout)──▶ cancelling
 *   walking | resting ──(fully filled)──▶ done;  any ──(timeout, not filled)──▶ cancelling
 *
 * A session can be rebuilt from its stored log (`WalkSession.restore`, after an API restart): the timeout still
 * counts from the first placement, the step number continues from the reprices logged, and nothing logged is repeated.
 */
import type { ComboQuote } from './combo-quote';
import { type ExpectedValueFn, planWalkStep, type WalkSettings } from './walk-planner';
import type { OrderAction } from './vertical';

export type WalkState = 'walking' | 'resting' | 'cancelling' | 'done';

export interface WalkStepRecord {
  step: number;
  kind: 'place' | 'reprice' | 'stop' | 'timeout' | 'filled';
  price: number | null;
  bid: number | null;
  ask: number | null;
  mid: number | null;
  at: Date;
  filledQuantity: number;
  note: string | null;
}

export type WalkDecision =
  | { kind: 'none' }
  | { kind: 'modify'; price: number }
  | { kind: 'cancel'; reason: 'timeout' };

/** A walk rebuilt from its stored steps (oldest first, the first being its `place`). */
export interface RestoredWalk {
  log: readonly WalkStepRecord[];
}

export class WalkSession {
  private stateValue: WalkState = 'walking';
  private step = 0;
  private price: number;
  private readonly startedAt: Date;
  private lastStepAt: Date;
  private filled = 0;
  readonly log: WalkStepRecord[] = [];
  /** Steps that came from storage (restore); 0 for a new walk. */
  readonly restoredSteps: number = 0;

  /**
   * Starts at step 0 (the mid of `q`); the caller places the order at `initialPrice`. Given a stored log instead of
   * a quote, continues that walk (see `restore`).
   */
  constructor(
    private readonly action: OrderAction,
    private readonly quantity: number,
    private readonly settings: WalkSettings,
    private readonly now: () => Date,
    start: ComboQuote | RestoredWalk,
    private readonly ev?: ExpectedValueFn,
  ) {
    if ('log' in start) {
      const log = [...start.log].sort((a, b) => a.step - b.step);
      if (log.length === 0 || log[0].kind !== 'place') throw new Error('a walk log starts with its place step');
      this.log.push(...log);
      this.restoredSteps = log.length;
      this.startedAt = log[0].at;
      const planning = log.filter((s) => s.kind === 'place' || s.kind === 'reprice' || s.kind === 'stop');
      const last = planning[planning.length - 1];
      this.lastStepAt = last.at;
      this.step = log.filter((s) => s.kind === 'reprice').length;
      this.price = [...planning].reverse().find((s) => s.kind !== 'stop' && s.price !== null)?.price ?? (log[0].price as number);
      this.filled = Math.max(...log.map((s) => s.filledQuantity));
      // The place step carries a note only when the walk stopped at once (see below).
      const resting = last.kind === 'stop' || (last.kind === 'place' && last.note !== null);
      this.stateValue = log.some((s) => s.kind === 'timeout') ? 'cancelling' : this.filled >= quantity ? 'done' : resting ? 'resting' : 'walking';
      return;
    }
    const plan = planWalkStep(0, start, action, settings, ev);
    this.price = plan.price;
    this.startedAt = now();
    this.lastStepAt = this.startedAt;
    this.record('place', start, this.price, plan.kind === 'stop' ? plan.detail : null);
    if (plan.kind === 'stop') this.stateValue = 'resting';
  }

  /** The walk of an order from its stored log: same start (so the same timeout), next step after the last logged. */
  static restore(action: OrderAction, quantity: number, settings: WalkSettings, now: () => Date, log: readonly WalkStepRecord[], ev?: ExpectedValueFn): WalkSession {
    return new WalkSession(action, quantity, settings, now, { log }, ev);
  }

  /** When the walk cancels the order if not filled. */
  get timeoutAt(): Date {
    return new Date(this.startedAt.getTime() + this.settings.timeoutMs);
  }

  /** Price steps so far (the planner's step number). */
  get stepNumber(): number {
    return this.step;
  }

  get state(): WalkState {
    return this.stateValue;
  }

  get initialPrice(): number {
    return this.log[0].price ?? this.price;
  }

  get currentPrice(): number {
    return this.price;
  }

  /** Called on every quote update or timer tick; returns what to do now. */
  tick(q: ComboQuote | null): WalkDecision {
    if (this.stateValue === 'done' || this.stateValue === 'cancelling') return { kind: 'none' };
    const t = this.now();
    if (t.getTime() - this.startedAt.getTime() >= this.settings.timeoutMs) {
      this.stateValue = 'cancelling';
      this.record('timeout', q, this.price, `not filled within ${this.settings.timeoutMs} ms`);
      return { kind: 'cancel', reason: 'timeout' };
    }
    if (this.stateValue !== 'walking' || !q) return { kind: 'none' };
    if (t.getTime() - this.lastStepAt.getTime() < this.settings.intervalMs) return { kind: 'none' };
    const next = this.step + 1;
    const plan = planWalkStep(next, q, this.action, this.settings, this.ev);
    this.lastStepAt = t;
    if (plan.kind === 'stop') {
      this.stateValue = 'resting';
      this.record('stop', q, this.price, plan.detail);
      return { kind: 'none' };
    }
    this.step = next;
    if (plan.price === this.price) return { kind: 'none' };
    this.price = plan.price;
    this.record('reprice', q, plan.price, null);
    return { kind: 'modify', price: plan.price };
  }

  /** Reports the order's cumulative filled quantity (partial fills are logged). */
  onFill(filledQuantity: number, q: ComboQuote | null = null): void {
    if (filledQuantity <= this.filled) return;
    this.filled = filledQuantity;
    this.record('filled', q, this.price, filledQuantity >= this.quantity ? 'fully filled' : 'partial fill');
    if (filledQuantity >= this.quantity) this.stateValue = 'done';
  }

  private record(kind: WalkStepRecord['kind'], q: ComboQuote | null, price: number | null, note: string | null): void {
    this.log.push({
      step: this.log.length === 0 ? 0 : this.log[this.log.length - 1].step + 1,
      kind,
      price,
      bid: q?.bid ?? null,
      ask: q?.ask ?? null,
      mid: q?.mid ?? null,
      at: this.now(),
      filledQuantity: this.filled,
      note,
    });
  }
}
