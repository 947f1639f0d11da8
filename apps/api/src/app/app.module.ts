import { DynamicModule, InjectionToken, MiddlewareConsumer, Module, NestModule, Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GATEWAY_STATUS_SOURCE, UnconnectedGatewayStatus } from '@ibsc/ibkr';
import { AuthModule } from './auth/auth.module';
import type { AppConfig } from './config/app-config';
import { APP_CONFIG, CLOCK, NowFn } from './config/config.tokens';
import { RequestIdMiddleware } from './common/request-id.middleware';
import { dataSourceOptions } from './database/data-source-options';
import { UNCHECKED_ROLES, type DatabaseRoleStatus } from './database/app-role';
import { AuditModule } from './audit/audit.module';
import { DATABASE_ROLES } from './audit/audit-chain.monitor';
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
  /**
   * The URL the app's connections use: the app role's (prepareDatabase in ./database/prepare-database.ts ran the
   * migrations as the owner before; ADR 0013).
   */
  databaseUrl: string;
  /** What prepareDatabase found about the app role (health, metric, the audit endpoint). */
  databaseRoles?: DatabaseRoleStatus;
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
        { provide: DATABASE_ROLES, useValue: options.databaseRoles ?? UNCHECKED_ROLES },
        ...gatewayProviders,
        ...(options.overrides ?? []),
      ],
      exports: [APP_CONFIG, CLOCK, DATABASE_ROLES, connect ? GATEWAY_ENDPOINT : GATEWAY_STATUS_SOURCE, ...(options.overrides ?? []).map(providerToken)],
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
        TypeOrmModule.forRoot(dataSourceOptions(options.databaseUrl, `ibsc:${options.config.replicaId}`)),
        SessionModule.register(options.databaseUrl),
        MetricsModule,
        AuditModule,
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
