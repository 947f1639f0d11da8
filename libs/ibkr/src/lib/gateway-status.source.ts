import type { GatewayStatus, RecentError } from '@ibsc/shared-dto';

/**
 * What the connection layer tells the rest of the system about the gateway. The API's health check,
 * metrics and `system.status` heartbeat read it through the GATEWAY_STATUS_SOURCE token.
 */
export interface GatewayStatusSource {
  gateway(): GatewayStatus;
  marketData(): { active: number; max: number; waiting: number };
  requests(): { queueDepth: number; throttled: boolean };
  recentErrors(): RecentError[];
}

export const GATEWAY_STATUS_SOURCE = Symbol('GATEWAY_STATUS_SOURCE');

/** Used until a connection layer is configured: says so rather than pretending. */
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

  marketData() {
    return { active: 0, max: this.maxLines, waiting: 0 };
  }

  requests() {
    return { queueDepth: 0, throttled: false };
  }

  recentErrors(): RecentError[] {
    return [];
  }
}
