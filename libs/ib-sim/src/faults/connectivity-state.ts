/** Upstream state the faults change and the server reports: IB connectivity and the data farms. */
export class ConnectivityState {
  upstreamLost = false;
  marketFarmOk = true;
  hmdsFarmOk = true;
  /** 2110: the gateway's link to IB's servers is broken (restored automatically). */
  serverLinkBroken = false;
  /** 10197: a live session of the same user elsewhere holds the market data. */
  competingSession = false;

  /** Streaming ticks flow only when IB is reachable and the market-data farm is up. */
  get ticksFlow(): boolean {
    return !this.upstreamLost && !this.serverLinkBroken && this.marketFarmOk;
  }
}

export const MARKET_FARMS = ['usfarm.nj', 'usopt', 'usfarm'] as const;
export const HMDS_FARM = 'ushmds';
export const SECDEF_FARM = 'secdefnj';
