import { HttpStatus, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { IbConnection } from '@ibsc/ibkr';
import { SIMULATOR_DEFAULT_DOWN_MS, type SimulatorFaultResult } from '@ibsc/shared-dto';
import { type SimulatorFaultDto } from './simulator-faults.dto';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG, CLOCK, type NowFn } from '../config/config.tokens';
import { GATEWAY_ENDPOINT, type GatewayEndpoint } from '../ibkr/gateway-endpoint';
import { SimulatorControlClient } from './simulator-control.client';
import { inProcessFaultTarget, simulatorFaultRoute, type SimulatorFaultTarget } from './simulator-fault-target';

/**
 * Faults injected by an admin into the simulated gateway, through libs/ib-sim's own fault API (`sim.faults`): the
 * in-process simulator (IB_GATEWAY=simulator), or a standalone one (apps/ib-sim) through its HTTP control endpoint
 * when IB_GATEWAY=tws and SIM_CONTROL_URL is set. Refused (409) otherwise, so nothing reaches a real TWS / IB
 * Gateway. Every injection is logged for the operator at warn level (it breaks the gateway on purpose).
 */
@Injectable()
export class SimulatorFaultsService {
  private readonly audit = new Logger('audit');
  /** null: no simulator to fault (409). */
  private readonly target: SimulatorFaultTarget | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly now: NowFn,
    @Optional() @Inject(GATEWAY_ENDPOINT) private readonly endpoint?: GatewayEndpoint,
    @Optional() @Inject(IbConnection) private readonly connection?: IbConnection,
  ) {
    const route = simulatorFaultRoute(endpoint, config);
    this.target =
      route === 'in-process' && endpoint?.simulator
        ? inProcessFaultTarget(endpoint.simulator)
        : route === 'control-endpoint' && config.simControlUrl
          ? new SimulatorControlClient(config.simControlUrl)
          : null;
  }

  async inject(dto: SimulatorFaultDto, user: AuthUser): Promise<SimulatorFaultResult> {
    const sim = this.simulator();
    const kind = dto.kind;
    const downMs = kind === 'drop' ? null : (dto.downMs ?? SIMULATOR_DEFAULT_DOWN_MS);
    const mode = kind === 'restart' ? (dto.mode ?? 'refuse') : null;
    const farm = kind === 'farm' ? (dto.farm ?? 'market') : null;
    const at = this.now().toISOString();
    if (kind === 'restart') {
      await sim.restart((downMs ?? 0) / 1000, mode ?? 'refuse');
    } else if (kind === 'farm') {
      await sim.flapFarm(farm ?? 'market', (downMs ?? 0) / 1000);
    } else {
      const clientId = this.connection?.info().clientId ?? this.config.clientId;
      if (!(await sim.dropClient(clientId))) {
        throw new DomainError(HttpStatus.CONFLICT, 'NO_SESSION', `the simulator has no session of client id ${clientId} to drop (gateway state: ${this.state()})`);
      }
    }
    this.audit.warn({ msg: 'simulator fault injected', user: user.username, role: user.role, kind, downMs, mode, farm, simulator: sim.where });
    const gatewayKind = this.endpoint?.kind ?? 'simulator';
    return { kind, downMs, mode, farm, at, by: user.username, gatewayKind, gatewayState: this.state() };
  }

  private simulator(): SimulatorFaultTarget {
    if (this.target) return this.target;
    const where = this.endpoint
      ? `this API is connected to TWS / IB Gateway at ${this.endpoint.host}:${this.endpoint.port} (IB_GATEWAY=${this.endpoint.kind}) and SIM_CONTROL_URL is not set`
      : 'this API runs without a gateway connection';
    throw new DomainError(
      HttpStatus.CONFLICT,
      'NOT_SIMULATOR',
      `faults can be injected only into a simulated gateway: the built-in one (IB_GATEWAY=simulator) or a standalone one (IB_GATEWAY=tws with SIM_CONTROL_URL); ${where}`,
    );
  }

  private state(): SimulatorFaultResult['gatewayState'] {
    return this.connection?.state ?? 'disconnected';
  }
}
