import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { OrdersEngine } from '@ibsc/orders';
import { EventsGateway } from '../realtime/events.gateway';
import { ORDERS_ENGINE } from './orders.tokens';

/** Relays the engine's events to Socket.IO (the engine never sees socket.io). */
@Injectable()
export class OrdersRelay implements OnApplicationBootstrap {
  constructor(
    @Inject(ORDERS_ENGINE) private readonly engine: OrdersEngine,
    private readonly gateway: EventsGateway,
  ) {}

  onApplicationBootstrap(): void {
    const e = this.engine.events;
    e.on('update', (v) => this.gateway.server?.emit('orders.update', v));
    e.on('fill', (f) => this.gateway.server?.emit('orders.fill', f));
    e.on('reject', (r) => this.gateway.server?.emit('orders.reject', r));
    e.on('killSwitch', (k) => this.gateway.server?.emit('risk.killSwitch', k));
  }
}
