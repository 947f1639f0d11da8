import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { IbkrModule, IbkrModuleConfig } from '@ibsc/ibkr';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { GATEWAY_ENDPOINT, GatewayEndpoint, resolveGatewayEndpoint, SimulatorShutdown } from './gateway-endpoint';
import { TypeOrmOrderIdStore } from './typeorm-order-id.store';

/** Connects libs/ibkr to this app: the gateway (simulator or TWS) from the config, order ids in PostgreSQL. */
@Module({})
export class IbkrWiringModule {
  static register(): DynamicModule {
    return {
      module: IbkrWiringModule,
      imports: [
        IbkrModule.forRootAsync({
          inject: [APP_CONFIG, GATEWAY_ENDPOINT, getDataSourceToken()],
          useFactory: (config: AppConfig, endpoint: GatewayEndpoint, db: DataSource): IbkrModuleConfig => ({
            // Connected by the session owner only (SessionRolesService), never by a standby replica.
            autoStart: false,
            options: {
              gateway: { kind: endpoint.kind, host: endpoint.host, port: endpoint.port },
              clientId: config.clientId,
              fallbackClientId: config.fallbackClientId,
              watchdogTimeoutSec: config.watchdogTimeoutSec,
              maxSubscriptions: config.maxSubscriptions,
              requestRate: config.requestRate,
              restart: { time: config.restartTime, timeZone: config.restartTimeZone },
              orderIdStore: new TypeOrmOrderIdStore(db),
            },
          }),
        }),
      ],
      providers: [SimulatorShutdown],
    };
  }
}

/** The endpoint provider lives in the global core module so IbkrModule's factory can inject it. */
export const gatewayEndpointProvider = {
  provide: GATEWAY_ENDPOINT,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => resolveGatewayEndpoint(config),
};
