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
  marketData: { active: number; max: number; waiting: number };
  requests: { queueDepth: number; throttled: boolean };
  database: 'up' | 'down';
  lastErrors: RecentError[];
}
