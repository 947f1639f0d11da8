import { Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
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
import { PortfolioController, RiskController } from './portfolio.controller';
import { PositionsRelay, positionsPushCounter } from './positions.relay';

/** Starts the engine's listeners at bootstrap (before or after the gateway is ready: it reconciles either way). */
@Injectable()
class OrdersLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(ORDERS_ENGINE) private readonly engine: OrdersEngine) {}

  onApplicationBootstrap(): void {
    this.engine.start();
  }

  onModuleDestroy(): void {
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
      inject: [APP_CONFIG, IBKR_RUNTIME, getDataSourceToken()],
      useFactory: (config: AppConfig, ibkr: IbkrRuntime, db: DataSource) => new OrdersEngine({ db, ibkr, config: config.orders, logger: new Logger('orders') }),
    },
    OrdersLifecycle,
    OrdersRelay,
    PositionsRelay,
    positionsPushCounter,
  ],
  exports: [ORDERS_ENGINE],
})
export class OrdersModule {}
