/**
 * A small state machine driving one order's walk, with time from an injected clock. The caller feeds it quotes and
 * fills and carries out the decisions it returns (modify the order's limit, cancel it); every decision is a step
 * in the log (price, bid/ask, time, filled so far).
 *
 *   walking ──(max slippage | EV floor)──▶ resting ──(timeout)──▶ cancelling
 *   walking | resting ──(fully filled)──▶ done;  any ──(timeout, not filled)──▶ cancelling
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

export class WalkSession {
  private stateValue: WalkState = 'walking';
  private step = 0;
  private price: number;
  private readonly startedAt: Date;
  private lastStepAt: Date;
  private filled = 0;
  readonly log: WalkStepRecord[] = [];

  /** Starts at step 0 (the mid of `q`); the caller places the order at `initialPrice`. */
  constructor(
    private readonly action: OrderAction,
    private readonly quantity: number,
    private readonly settings: WalkSettings,
    private readonly now: () => Date,
    q: ComboQuote,
    private readonly ev?: ExpectedValueFn,
  ) {
    const plan = planWalkStep(0, q, action, settings, ev);
    this.price = plan.price;
    this.startedAt = now();
    this.lastStepAt = this.startedAt;
    this.record('place', q, this.price, plan.kind === 'stop' ? plan.detail : null);
    if (plan.kind === 'stop') this.stateValue = 'resting';
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
      step: this.log.length,
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
