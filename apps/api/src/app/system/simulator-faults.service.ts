import { HttpStatus, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { IbSimulator } from '@ibsc/ib-sim';
import { IbConnection } from '@ibsc/ibkr';
import { SIMULATOR_DEFAULT_DOWN_MS, type SimulatorFaultDto, type SimulatorFaultResult } from '@ibsc/shared-dto';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG, CLOCK, type NowFn } from '../config/config.tokens';
import { GATEWAY_ENDPOINT, type GatewayEndpoint } from '../ibkr/gateway-endpoint';

/**
 * Faults injected by an admin into the in-process simulated gateway, through libs/ib-sim's own fault API
 * (`sim.faults`): the same calls its tests and HTTP control endpoint make. Refused (409) unless the gateway is
 * that simulator. Every injection is logged for the operator at warn level (it breaks the gateway on purpose).
 */
@Injectable()
export class SimulatorFaultsService {
  private readonly audit = new Logger('audit');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly now: NowFn,
    @Optional() @Inject(GATEWAY_ENDPOINT) private readonly endpoint?: GatewayEndpoint,
    @Optional() @Inject(IbConnection) private readonly connection?: IbConnection,
  ) {}

  async inject(dto: SimulatorFaultDto, user: AuthUser): Promise<SimulatorFaultResult> {
    const sim = this.simulator();
    const kind = dto.kind;
    const downMs = kind === 'drop' ? null : (dto.downMs ?? SIMULATOR_DEFAULT_DOWN_MS);
    const mode = kind === 'restart' ? (dto.mode ?? 'refuse') : null;
    const farm = kind === 'farm' ? (dto.farm ?? 'market') : null;
    const at = this.now().toISOString();
    if (kind === 'restart') {
      await sim.faults.restart({ downSeconds: (downMs ?? 0) / 1000, mode: mode ?? 'refuse' });
    } else if (kind === 'farm') {
      sim.faults.flapFarm(farm ?? 'market', (downMs ?? 0) / 1000);
    } else {
      const clientId = this.connection?.info().clientId ?? this.config.clientId;
      if (!sim.faults.dropClient(clientId)) {
        throw new DomainError(HttpStatus.CONFLICT, 'no_session', `the simulator has no session of client id ${clientId} to drop (gateway state: ${this.state()})`);
      }
    }
    this.audit.warn({ msg: 'simulator fault injected', user: user.username, role: user.role, kind, downMs, mode, farm });
    return { kind, downMs, mode, farm, at, by: user.username, gatewayKind: 'simulator', gatewayState: this.state() };
  }

  private simulator(): IbSimulator {
    const sim = this.endpoint?.simulator;
    if (sim) return sim;
    const where = this.endpoint
      ? `this API is connected to TWS / IB Gateway at ${this.endpoint.host}:${this.endpoint.port} (IB_GATEWAY=${this.endpoint.kind})`
      : 'this API runs without a gateway connection';
    throw new DomainError(HttpStatus.CONFLICT, 'not_simulator', `faults can be injected only into the built-in simulated gateway (IB_GATEWAY=simulator); ${where}`);
  }

  private state(): SimulatorFaultResult['gatewayState'] {
    return this.connection?.state ?? 'disconnected';
  }
}
