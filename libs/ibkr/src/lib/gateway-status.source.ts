import type { GatewayStatus, MarketDataUsage, RecentError, RequestQueueStatus } from '@ibsc/shared-dto';

/** What readiness says about the gateway: `up` false makes /api/v1/health answer 503. */
export interface GatewayHealth {
  up: boolean;
  details: Record<string, unknown>;
}

/**
 * What the connection layer tells the rest of the system about the gateway. The API's health check,
 * metrics and `system.status` heartbeat read it through the GATEWAY_STATUS_SOURCE token.
 */
export interface GatewayStatusSource {
  gateway(): GatewayStatus;
  marketData(): MarketDataUsage;
  requests(): RequestQueueStatus;
  recentErrors(): RecentError[];
  health(): GatewayHealth;
}

export const GATEWAY_STATUS_SOURCE = Symbol('GATEWAY_STATUS_SOURCE');

/**
 * Used when the connection layer is deliberately not started (API tests without a gateway): says so rather
 * than pretending, and does not hold readiness down.
 */
export class UnconnectedGatewayStatus implements GatewayStatusSource {
  constructor(
    private readonly kind: GatewayStatus['kind'],
    private readonly host: string,
    private readonly port: number,
    private readonly maxLines: number,
  ) {}

  gateway(): GatewayStatus {
    return {
      kind: this.kind,
      state: 'disconnected',
      host: this.host,
      port: this.port,
      expectedRestart: false,
      nextRestartAt: null,
      message: 'connection layer not started',
      accountId: null,
    };
  }

  marketData(): MarketDataUsage {
    return { active: 0, max: this.maxLines, waiting: 0 };
  }

  requests(): RequestQueueStatus {
    return { queueDepth: 0, throttled: false };
  }

  recentErrors(): RecentError[] {
    return [];
  }

  health(): GatewayHealth {
    const g = this.gateway();
    return { up: true, details: { kind: g.kind, state: g.state, message: g.message } };
  }
}
