import { Inject, Injectable, Logger, Module, OnModuleDestroy } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { IBKR_RUNTIME, type IbkrRuntime } from '@ibsc/ibkr';
import { OrdersEngine } from '@ibsc/orders';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { RealtimeModule } from '../realtime/realtime.module';
import { OrdersController } from './orders.controller';
import { OrdersRelay } from './orders.relay';
import { ORDERS_ENGINE } from './orders.tokens';
import { PgTransmitFence } from '../session/pg-transmit-fence';
import { SessionRolesService } from '../session/session-roles.service';
import { PortfolioController, RiskController } from './portfolio.controller';
import { PositionsRelay, positionsPushCounter } from './positions.relay';

/**
 * The engine is started by the session owner only (SessionRolesService: before the gateway connects, so it
 * reconciles on the first ready); stopped with the module.
 */
@Injectable()
class OrdersLifecycle implements OnModuleDestroy {
  private stopped = false;

  constructor(@Inject(ORDERS_ENGINE) private readonly engine: OrdersEngine) {}

  onModuleDestroy(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.engine.stop();
  }
}

/**
 * Spread execution over REST and Socket.IO (issue 6): the engine from libs/orders on this app's gateway and database;
 * order events and live positions (`positions.update`) relayed to the sockets.
 */
@Module({
  imports: [RealtimeModule],
  controllers: [OrdersController, PortfolioController, RiskController],
  providers: [
    {
      provide: ORDERS_ENGINE,
      inject: [APP_CONFIG, IBKR_RUNTIME, getDataSourceToken(), SessionRolesService],
      useFactory: (config: AppConfig, ibkr: IbkrRuntime, db: DataSource, roles: SessionRolesService) =>
        new OrdersEngine({ db, ibkr, config: config.orders, logger: new Logger('orders'), fence: new PgTransmitFence(db, roles) }),
    },
    OrdersLifecycle,
    OrdersRelay,
    PositionsRelay,
    positionsPushCounter,
  ],
  exports: [ORDERS_ENGINE],
})
export class OrdersModule {}
