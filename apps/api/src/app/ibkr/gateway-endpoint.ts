import { join } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { startSimulator, type IbSimulator } from '@ibsc/ib-sim';
import type { GatewayKind } from '@ibsc/shared-dto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';

export interface GatewayEndpoint {
  kind: GatewayKind;
  host: string;
  port: number;
  /** The in-process simulator, when IB_GATEWAY=simulator. */
  simulator: IbSimulator | null;
}

export const GATEWAY_ENDPOINT = Symbol('GATEWAY_ENDPOINT');

/**
 * IB_GATEWAY=simulator: starts the simulated gateway in-process (SIM_PORT, SIM_SEED, SIM_TIMINGS), its paper account kept in
 * `<DATA_DIR>/sim-account.json`; tws: TWS_HOST:TWS_PORT.
 */
export async function resolveGatewayEndpoint(config: AppConfig): Promise<GatewayEndpoint> {
  if (config.ibGateway === 'tws') return { kind: 'tws', host: config.twsHost, port: config.twsPort, simulator: null };
  // The paper account (cash, positions, executions) survives restarts of the product, in the data folder.
  const accountFile = join(config.dataDir, 'sim-account.json');
  const simulator = await startSimulator({ host: '127.0.0.1', port: config.simPort, seed: config.simSeed, accountFile, timings: config.simTimings });
  new Logger('ibkr').log(`simulated IB Gateway listening on 127.0.0.1:${simulator.port} (seed ${config.simSeed}, ${config.simTimings} timings, paper account kept in ${accountFile})`);
  return { kind: 'simulator', host: '127.0.0.1', port: simulator.port, simulator };
}

/** Stops the in-process simulator after the connection layer has disconnected (onModuleDestroy runs first). */
@Injectable()
export class SimulatorShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(GATEWAY_ENDPOINT) private readonly endpoint: GatewayEndpoint,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.endpoint.simulator) await this.endpoint.simulator.stop();
  }
}
