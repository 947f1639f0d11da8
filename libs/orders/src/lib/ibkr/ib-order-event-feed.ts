/**
 * The gateway's order events (IbConnection.incoming: current session only) → OrderEvent → OrderEventsService.apply,
 * one at a time in arrival order (an orderStatus never overtakes its openOrder, a commission never its execution).
 * Each outcome is handed to `onOutcome` (the engine: socket events, walk, exits, pins, metrics).
 */
import type { Contract, Execution, Order, OrderState, CommissionReport } from '@stoqey/ib';
import type { Clock, IbConnection } from '@ibsc/ibkr';
import type { OrderEvent } from '../gateway/gateway-events';
import type { OrderEventOutcome, OrderEventsService } from '../lifecycle/order-events.service';
import { ibNumber } from '../pricing/money';
import { toGatewayExecution, toGatewayOpenOrder } from './ib-order-gateway';

/** Request and ticker ids of libs/ibkr start here; anything below is an order id. */
const FIRST_REQUEST_ID = 100_000_000;

export interface OrderEventSink {
  (event: OrderEvent, outcome: OrderEventOutcome): void | Promise<void>;
}

export class IbOrderEventFeed {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly detach: Array<() => void> = [];
  private pending = 0;

  constructor(
    private readonly connection: IbConnection,
    private readonly events: OrderEventsService,
    private readonly clientId: number,
    private readonly clock: Clock,
    private readonly onOutcome: OrderEventSink,
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {}

  start(): void {
    const inc = this.connection.incoming;
    const on = <K extends 'openOrder' | 'orderStatus' | 'execDetails' | 'commissionReport' | 'error'>(name: K, fn: (...a: never[]) => void) => {
      inc.on(name, fn as never);
      this.detach.push(() => inc.off(name, fn as never));
    };
    on('openOrder', (orderId: number, _c: Contract, order: Order, state: OrderState) => {
      if (order.whatIf) return;
      this.push({ kind: 'openOrder', order: toGatewayOpenOrder(orderId, order, state, this.clientId) });
    });
    on('orderStatus', (orderId: number, status: string, filled: number, remaining: number, avg: number, permId: number | undefined, _parent: number | undefined, last: number | undefined, clientId: number | undefined, whyHeld: string | undefined) => {
      if (clientId !== undefined && clientId !== this.clientId && !permId) return;
      this.push({ kind: 'orderStatus', orderId, permId: permId ?? 0, status, filled, remaining, avgFillPrice: ibNumber(avg), lastFillPrice: ibNumber(last ?? null), whyHeld });
    });
    on('execDetails', (_reqId: number, contract: Contract, x: Execution) => {
      this.push({ kind: 'execution', execution: toGatewayExecution(contract, x, new Date(this.clock.now())) });
    });
    on('commissionReport', (r: CommissionReport) => {
      if (!r.execId) return;
      this.push({ kind: 'commission', commission: { execId: r.execId, commission: ibNumber(r.commission ?? null), currency: r.currency ?? 'USD', realizedPnl: ibNumber(r.realizedPNL ?? null) } });
    });
    on('error', (err: Error, code: number, reqId: number) => {
      if (!(reqId > 0 && reqId < FIRST_REQUEST_ID)) return;
      this.push({ kind: 'error', orderId: reqId, code, message: err?.message ?? '' });
    });
  }

  stop(): void {
    for (const d of this.detach.splice(0)) d();
  }

  /** Events queued or being applied (tests wait for 0). */
  backlog(): number {
    return this.pending;
  }

  /** Resolves once everything received so far is applied. */
  drained(): Promise<void> {
    return this.chain.then(() => undefined);
  }

  private push(event: OrderEvent): void {
    this.pending++;
    this.chain = this.chain
      .then(async () => {
        const outcome = await this.events.apply(event);
        if (outcome.orderId) await this.onOutcome(event, outcome);
      })
      .catch((e) => this.onError(e))
      .finally(() => {
        this.pending--;
      });
  }
}
