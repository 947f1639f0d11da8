/** The gateway's positions (reqPositions): the truth position reconciliation compares the spread book with. */
export interface GatewayPosition {
  account: string;
  conId: number;
  secType: string;
  symbol: string;
  /** Options: YYYYMMDD; otherwise null. */
  expiry: string | null;
  strike: number | null;
  right: 'C' | 'P' | null;
  /** Signed contracts (options) or shares (stock). */
  position: number;
}

export interface PositionSource {
  /** Every position of the account(s) the session sees. Rejects (never resolves to []) on an incomplete answer. */
  positions(): Promise<GatewayPosition[]>;
}
