import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/roles.decorator';
import { GatewayHealthIndicator } from './gateway.health';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly gateway: GatewayHealthIndicator,
  ) {}

  /** Readiness: the database answers, and the gateway's state. 503 when a dependency is down. */
  @Get()
  @HealthCheck()
  readiness() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 }), () => this.gateway.check()]);
  }

  /** Liveness: the process is up and its event loop turns. */
  @Get('live')
  liveness() {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }
}
