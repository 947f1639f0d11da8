import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/roles.decorator';
import { IbkrHealthIndicator } from '@ibsc/ibkr';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly ibkr: IbkrHealthIndicator,
  ) {}

  /**
   * Readiness: the database answers and the gateway connection is ready (`ibkr`). 503 when a dependency is down;
   * inside the gateway's daily restart window `ibkr` stays up and says "expected restart".
   */
  @Get()
  @HealthCheck()
  readiness() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 }), () => this.ibkr.check('ibkr')]);
  }

  /** Liveness: the process is up and its event loop turns. */
  @Get('live')
  liveness() {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }
}
