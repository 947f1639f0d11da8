import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiContract } from '../openapi/api-contract.decorator';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { GATEWAY_STATUS_SOURCE, type GatewayStatusSource } from '@ibsc/ibkr';
import { Public } from '../auth/roles.decorator';
import { SessionRolesService } from '../session/session-roles.service';
import { AuditChainMonitor } from '../audit/audit-chain.monitor';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly roles: SessionRolesService,
    private readonly audit: AuditChainMonitor,
    @Inject(GATEWAY_STATUS_SOURCE) private readonly gateway: GatewayStatusSource,
  ) {}

  /**
   * Readiness: this process can serve (the database answers). Not the IB state: the console stays reachable during
   * an IB outage and shows it. `session` (always up) says which replica owns the IB session; on the owner `ibkr`
   * carries the gateway's health details (state, lines, queue, last error), as GET /system/status does.
   * `databaseRoles` (always up) says whether the app runs as a role that owns nothing, `auditChain` (always up) whether
   * the audit log's hash chain verified intact (ADR 0013): both are for operators and alerts, not for routing.
   */
  @Get()
  @HealthCheck()
  // Terminus declares the 200 and 503 bodies (its health-check result, not the error body).
  @ApiOperation({ operationId: 'getReadiness', summary: 'Readiness' })
  readiness() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      () => this.session(),
      () => {
        const { mode, appRole, roleSeparated, problems } = this.audit.roles;
        return this.indicators.check('databaseRoles').up({ roleSeparated, mode, appRole, problems });
      },
      () => this.indicators.check('auditChain').up({ ...this.audit.status() }),
    ]);
  }

  /** Liveness: the process is up and its event loop turns. */
  @Get('live')
  @ApiContract({ id: 'getLiveness', ok: 'LivenessView', public: true })
  liveness() {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  private async session() {
    const s = await this.roles.status();
    const ibkr = s.role === 'owner' ? this.gateway.health() : null;
    return this.indicators.check('session').up({ ...s, ...(ibkr ? { ibkr: { up: ibkr.up, ...ibkr.details } } : {}) });
  }
}
