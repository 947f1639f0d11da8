import type { GatewayExecution, GatewayOpenOrder } from '../lib/gateway/gateway-events';
import type { ComboOrderWire, OrderGateway, OrderIdSource, WhatIfResult } from '../lib/gateway/order-gateway';

/** A controllable gateway for unit tests: records what was sent; open orders and executions are set by the test. */
export class InMemoryOrderGateway implements OrderGateway {
  readonly placed: ComboOrderWire[] = [];
  readonly modified: ComboOrderWire[] = [];
  readonly cancelled: number[] = [];
  openOrderList: GatewayOpenOrder[] = [];
  executionList: GatewayExecution[] = [];
  whatIfAnswer: WhatIfResult | null = null;
  /** When set, every call rejects with it (a dropped connection). */
  failure: Error | null = null;

  async placeOrder(order: ComboOrderWire): Promise<void> {
    this.check();
    this.placed.push(order);
  }

  async modifyOrder(order: ComboOrderWire): Promise<void> {
    this.check();
    this.modified.push(order);
  }

  async cancelOrder(orderId: number): Promise<void> {
    this.check();
    this.cancelled.push(orderId);
  }

  async whatIf(): Promise<WhatIfResult> {
    this.check();
    if (!this.whatIfAnswer) throw new Error('no whatIf answer');
    return this.whatIfAnswer;
  }

  async openOrders(): Promise<GatewayOpenOrder[]> {
    this.check();
    return [...this.openOrderList];
  }

  async executions(since?: Date): Promise<GatewayExecution[]> {
    this.check();
    return this.executionList.filter((x) => !since || x.time.getTime() >= since.getTime());
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}

/** Order ids from a counter; `rollbackTo` imitates a gateway whose nextValidId went backwards. */
export class CounterOrderIds implements OrderIdSource {
  private nextId: number;
  constructor(
    readonly clientId: number,
    start = 1000,
  ) {
    this.nextId = start;
  }

  rollbackTo(id: number): void {
    this.nextId = id;
  }

  /** Ignores the floor when `trustFloor` is false, to prove the database index still refuses a reused id. */
  trustFloor = true;

  async next(floor: number | null): Promise<number> {
    if (this.trustFloor && floor !== null && this.nextId <= floor) this.nextId = floor + 1;
    return this.nextId++;
  }
}
