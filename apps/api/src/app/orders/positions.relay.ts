import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { IBKR_RUNTIME, type IbkrRuntime } from '@ibsc/ibkr';
import type { OrdersEngine } from '@ibsc/orders';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { EventsGateway } from '../realtime/events.gateway';
import { SessionRolesService } from '../session/session-roles.service';
import { ORDERS_ENGINE } from './orders.tokens';
import { PositionsPublisher } from './positions-publisher';

export const POSITIONS_PUSH_TOTAL = 'positions_push_total';

export const positionsPushCounter = makeCounterProvider({
  name: POSITIONS_PUSH_TOTAL,
  help: 'Socket.IO positions.update pushes by trigger (fill | interval) and outcome (sent | skipped_busy | failed)',
  labelNames: ['trigger', 'outcome'],
});

/**
 * Pushes `positions.update` (the PositionsView of `GET /positions`) to every socket: after each fill the engine
 * reports (and each reconciliation that recorded executions), and every POSITIONS_PUSH_INTERVAL_MS on the connection
 * layer's clock while a client is connected and a spread is open (positions-publisher.ts).
 */
@Injectable()
export class PositionsRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('positions');
  private readonly publisher: PositionsPublisher;

  constructor(
    @Inject(ORDERS_ENGINE) private readonly engine: OrdersEngine,
    private readonly gateway: EventsGateway,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(IBKR_RUNTIME) ibkr: IbkrRuntime,
    @InjectMetric(POSITIONS_PUSH_TOTAL) pushes: Counter<'trigger' | 'outcome'>,
    roles: SessionRolesService,
  ) {
    this.publisher = new PositionsPublisher({
      view: () => engine.portfolio.view(),
      anyOpen: async () => (await engine.portfolio.openPositionLegs()).size > 0,
      // Only the session owner holds live positions; its pushes reach the sockets of every replica, so it cannot
      // count them locally: it pushes while a spread is open.
      clients: () => (roles.isOwner ? 1 : 0),
      emit: (v) => this.gateway.server?.emit('positions.update', v),
      clock: ibkr.clock,
      intervalMs: config.positionsPushIntervalMs,
      counted: (trigger, outcome) => pushes.inc({ trigger, outcome }),
      warn: (m) => this.logger.warn(m),
    });
  }

  onApplicationBootstrap(): void {
    const e = this.engine.events;
    e.on('fill', () => void this.publisher.changed());
    e.on('reconciled', (r) => {
      if (r.newExecutions > 0) void this.publisher.changed();
    });
    this.publisher.start();
  }

  onModuleDestroy(): void {
    this.publisher.stop();
  }
}
