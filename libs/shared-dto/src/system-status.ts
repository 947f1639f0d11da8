export const GATEWAY_KINDS = ['simulator', 'tws'] as const;
export type GatewayKind = (typeof GATEWAY_KINDS)[number];

export const CONNECTION_STATES = ['disconnected', 'connecting', 'ready', 'degraded', 'restoring'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

export interface GatewayStatus {
  kind: GatewayKind;
  state: ConnectionState;
  host: string;
  port: number;
  /** Set while inside the gateway's daily restart window. */
  expectedRestart: boolean;
  /** The next scheduled restart, ISO time. */
  nextRestartAt: string | null;
  message: string | null;
  accountId: string | null;
  /** Client id in use (the fallback one after 326). */
  clientId?: number;
  usingFallbackClientId?: boolean;
  serverVersion?: number | null;
  /** Seconds since the current session became ready (null when not ready). */
  uptimeSeconds?: number | null;
  reconnects?: number;
  /** The next order id the order-id authority would hand out. */
  nextOrderId?: number | null;
  lastError?: RecentError | null;
  /**
   * True when admin fault drills (POST /system/simulator/faults) reach a simulated gateway: the built-in one
   * (kind `simulator`), or a standalone one behind `kind: 'tws'` with SIM_CONTROL_URL.
   */
  simulatorFaults?: boolean;
  /** Data farms as the gateway last reported them (2103/2104, 2105/2106, 2157/2158). */
  farms?: { market: FarmState; hmds: FarmState; secdef: FarmState };
}

export type FarmState = 'ok' | 'broken' | 'unknown';

export const BACKPRESSURE_LEVELS = ['normal', 'elevated', 'high', 'critical', 'paused'] as const;
export type BackpressureLevelName = (typeof BACKPRESSURE_LEVELS)[number];

export interface MarketDataUsage {
  active: number;
  max: number;
  waiting: number;
  usagePct?: number;
  pinned?: number;
  evictions?: number;
}

export interface RequestQueueStatus {
  queueDepth: number;
  throttled: boolean;
  inFlight?: number;
  backpressure?: BackpressureLevelName;
  ratePerSec?: number;
}

export interface RecentError {
  at: string;
  code: number;
  message: string;
  reqId: number;
}

export interface SystemStatus {
  at: string;
  uptimeSeconds: number;
  version: string;
  gateway: GatewayStatus;
  marketData: MarketDataUsage;
  requests: RequestQueueStatus;
  database: 'up' | 'down';
  lastErrors: RecentError[];
  /** Who owns the IB session (replicated deployment, ADR 0010). */
  session: SessionStatus;
}

/**
 * The IB session's owner: exactly one API replica holds the IB connection, the scan and the order loop; the others
 * serve REST and Socket.IO and forward commands to it. `epoch` is the fencing counter bumped on every take-over.
 */
export interface SessionStatus {
  /** The replica that answered (the owner, for a status forwarded to it). */
  replicaId: string;
  role: 'owner' | 'standby';
  /** The owning replica, null while nobody owns the session (fail-over in progress). */
  owner: string | null;
  epoch: number;
  acquiredAt: string | null;
  /** The last take-over from another replica, and from which. */
  lastFailoverAt: string | null;
  previousOwner: string | null;
  failovers: number;
}

/** POST /system/reconnect (202). */
export interface ReconnectResult {
  accepted: true;
  state: string;
}

/** GET /health/live. */
export interface LivenessView {
  status: 'ok';
  uptimeSeconds: number;
}
