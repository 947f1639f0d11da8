import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { GATEWAY_STATUS_SOURCE, GatewayStatusSource } from './gateway-status.source';

/**
 * Terminus indicator `ibkr`: gateway kind, state, server version, account, uptime, lines, queue, throttle, next
 * order id, last error, expected-restart flag. Down (readiness 503) while not ready, except inside the daily
 * restart window, where it is up and says "expected restart".
 */
@Injectable()
export class IbkrHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(GATEWAY_STATUS_SOURCE) private readonly source: GatewayStatusSource,
  ) {}

  check(key = 'ibkr') {
    const h = this.source.health();
    const indicator = this.health.check(key);
    return h.up ? indicator.up(h.details) : indicator.down(h.details);
  }
}
