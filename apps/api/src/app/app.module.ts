import { DynamicModule, InjectionToken, MiddlewareConsumer, Module, NestModule, Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GATEWAY_STATUS_SOURCE, UnconnectedGatewayStatus } from '@ibsc/ibkr';
import { AuthModule } from './auth/auth.module';
import type { AppConfig } from './config/app-config';
import { APP_CONFIG, CLOCK, NowFn } from './config/config.tokens';
import { RequestIdMiddleware } from './common/request-id.middleware';
import { dataSourceOptions } from './database/data-source-options';
import { HealthModule } from './health/health.module';
import { gatewayEndpointProvider, IbkrWiringModule } from './ibkr/ibkr-wiring.module';
import { GATEWAY_ENDPOINT } from './ibkr/gateway-endpoint';
import { SystemModule } from './system/system.module';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsModule } from './metrics/metrics.module';
import { OrdersModule } from './orders/orders.module';
import { PresetsModule } from './presets/presets.module';
import { RealtimeModule } from './realtime/realtime.module';
import { ScanModule } from './scan/scan.module';
import { SessionForwardingMiddleware } from './session/session-forwarding.middleware';
import { SessionModule } from './session/session.module';
import { UsersModule } from './users/users.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** The resolved database URL (DATABASE_URL or the embedded server's). */
  databaseUrl: string;
  now?: NowFn;
  /** Providers that replace defaults (e.g. the gateway status source). */
  overrides?: Provider[];
  /**
   * `connect` (default): start the connection layer (and the simulator when IB_GATEWAY=simulator).
   * `none`: no connection layer (tests of other features); the gateway status says so and readiness ignores it.
   */
  gateway?: 'connect' | 'none';
}

function providerToken(p: Provider): InjectionToken {
  return typeof p === 'function' ? p : p.provide;
}

@Module({})
class CoreModule {
  static register(options: AppModuleOptions): DynamicModule {
    const { config } = options;
    const connect = options.gateway !== 'none';
    // With the connection layer, IbkrModule provides GATEWAY_STATUS_SOURCE; without it, a placeholder says so.
    const gatewayProviders: Provider[] = connect
      ? [gatewayEndpointProvider]
      : [
          {
            provide: GATEWAY_STATUS_SOURCE,
            useValue: new UnconnectedGatewayStatus(
              config.ibGateway,
              config.ibGateway === 'simulator' ? '127.0.0.1' : config.twsHost,
              config.ibGateway === 'simulator' ? config.simPort : config.twsPort,
              config.maxSubscriptions,
            ),
          },
        ];
    return {
      module: CoreModule,
      global: true,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: options.now ?? (() => new Date()) },
        ...gatewayProviders,
        ...(options.overrides ?? []),
      ],
      exports: [APP_CONFIG, CLOCK, connect ? GATEWAY_ENDPOINT : GATEWAY_STATUS_SOURCE, ...(options.overrides ?? []).map(providerToken)],
    };
  }
}

/** The root module: composes the feature modules; no business logic here. */
@Module({})
export class AppModule implements NestModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(options),
        TypeOrmModule.forRoot({ ...dataSourceOptions(options.databaseUrl, `ibsc:${options.config.replicaId}`), migrationsRun: true }),
        SessionModule.register(options.databaseUrl),
        MetricsModule,
        ...(options.gateway === 'none' ? [] : [IbkrWiringModule.register(), OrdersModule]),
        AuthModule,
        UsersModule,
        PresetsModule,
        HealthModule,
        RealtimeModule,
        SystemModule,
        ScanModule,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestIdMiddleware, HttpMetricsMiddleware, SessionForwardingMiddleware).forRoutes('*path');
  }
}
