import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { GATEWAY_STATUS_SOURCE, GatewayStatusSource } from '@ibsc/ibkr';

/** Reports the gateway connection; informational until the connection layer decides readiness. */
@Injectable()
export class GatewayHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(GATEWAY_STATUS_SOURCE) private readonly source: GatewayStatusSource,
  ) {}

  check(key = 'gateway') {
    const g = this.source.gateway();
    const md = this.source.marketData();
    const details = {
      kind: g.kind,
      state: g.state,
      host: g.host,
      port: g.port,
      expectedRestart: g.expectedRestart,
      message: g.message,
      marketDataLines: `${md.active}/${md.max}`,
    };
    return this.health.check(key).up(details);
  }
}
