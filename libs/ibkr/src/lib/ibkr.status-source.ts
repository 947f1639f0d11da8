import type { GatewayStatus, MarketDataUsage, RecentError, RequestQueueStatus } from '@ibsc/shared-dto';
import type { ClassifiedIbError } from './errors/ib-error-policy';
import type { GatewayHealth, GatewayStatusSource } from './gateway-status.source';
import type { IbkrRuntime } from './ibkr-runtime';

function toRecent(e: ClassifiedIbError): RecentError {
  return { at: new Date(e.at).toISOString(), code: e.code, message: e.message, reqId: e.reqId };
}

/** The real GatewayStatusSource: reads the runtime's connection, lines, queue, restart window and errors. */
export class IbkrStatusSource implements GatewayStatusSource {
  constructor(private readonly rt: IbkrRuntime) {}

  gateway(): GatewayStatus {
    const c = this.rt.connection.info();
    const now = this.rt.clock.now();
    const expected = this.rt.restart.inWindow();
    const last = this.rt.policy.lastError();
    let message = c.message;
    if (expected && c.state !== 'ready') message = `expected restart${c.message ? ': ' + c.message : ''}`;
    return {
      kind: this.rt.options.gateway.kind,
      state: c.state,
      host: c.host,
      port: c.port,
      expectedRestart: expected,
      nextRestartAt: new Date(this.rt.restart.nextRestartAt()).toISOString(),
      message,
      accountId: c.accounts[0] ?? null,
      clientId: c.clientId,
      usingFallbackClientId: c.usingFallbackClientId,
      serverVersion: c.serverVersion,
      uptimeSeconds: c.readySince === null ? null : Math.round((now - c.readySince) / 1000),
      reconnects: c.reconnects,
      nextOrderId: this.rt.orderIds.peek(),
      lastError: last ? toRecent(last) : null,
      farms: c.farms,
    };
  }

  marketData(): MarketDataUsage {
    const u = this.rt.lines.usage();
    return { active: u.active, max: u.max, waiting: u.waiting, usagePct: u.usagePct, pinned: u.pinned, evictions: u.evictions };
  }

  requests(): RequestQueueStatus {
    const q = this.rt.coordinator;
    return { queueDepth: q.queueDepth(), throttled: q.isThrottled(), inFlight: q.inFlight(), backpressure: q.backpressure().level, ratePerSec: q.ratePerSec };
  }

  recentErrors(): RecentError[] {
    return this.rt.policy.recentErrors().slice(-10).map(toRecent);
  }

  /** Up when ready; during the daily restart window a gateway that is not ready is "expected restart", not down. */
  health(): GatewayHealth {
    const g = this.gateway();
    const md = this.marketData();
    const rq = this.requests();
    const ready = g.state === 'ready';
    const details: Record<string, unknown> = {
      kind: g.kind,
      state: g.state,
      host: g.host,
      port: g.port,
      clientId: g.clientId,
      serverVersion: g.serverVersion,
      account: g.accountId,
      uptimeSeconds: g.uptimeSeconds,
      lines: { active: md.active, max: md.max, usagePct: md.usagePct, evictions: md.evictions, waiting: md.waiting },
      queueDepth: rq.queueDepth,
      throttled: rq.throttled,
      backpressure: rq.backpressure,
      nextOrderId: g.nextOrderId,
      lastError: g.lastError,
      expectedRestart: g.expectedRestart,
      nextRestartAt: g.nextRestartAt,
      farms: g.farms,
      message: g.message,
    };
    if (!ready && g.expectedRestart) details['message'] = g.message ?? 'expected restart';
    return { up: ready || g.expectedRestart, details };
  }
}
