import type { EventEmitter } from 'node:events';
import type { Clock, TimerHandle } from '../clock';
import type { MarketModel } from '../market/market-types';
import type { MarketDataService } from '../market-data/market-data-service';
import type { HistoricalService } from '../historical/historical-service';
import { IbError } from '../protocol/error-codes';
import type { OrderFaultHooks, OrderIdSequence } from '../server/sim-context';
import type { SimEventMap } from '../server/sim-events';
import type { SimServer } from '../server/sim-server';
import { ConnectivityState, HMDS_FARM, MARKET_FARMS } from './connectivity-state';

export interface RestartOptions {
  /** How long the gateway stays down. Default 30. */
  downSeconds?: number;
  /** `refuse`: connections are refused; `silent`: accepted and never answered. Default `refuse`. */
  mode?: 'refuse' | 'silent';
  /** nextValidId after the restart (a gateway that lost its order-id state). Default: unchanged. */
  rollbackNextValidIdTo?: number;
}

export interface FaultStatus {
  acceptMode: 'up' | 'refuse' | 'silent';
  upstreamLost: boolean;
  marketFarmOk: boolean;
  hmdsFarmOk: boolean;
  pendingOrderRejection: boolean;
  scheduledRestarts: number;
  /** Client ids whose sessions are silenced (`silence`). */
  silencedClients: number[];
  /** 2110 in force (`serverLinkBroken`). */
  serverLinkBroken: boolean;
  /** 10197 in force (`competingSession`). */
  competingSession: boolean;
}

export interface SilenceOptions {
  /** Clock time after which the session answers again; default: until `unsilence`. */
  durationMs?: number;
}

export interface ServerLinkOptions {
  /** Clock time after which the link is restored automatically; default: until `serverLinkRestored`. */
  durationMs?: number;
}

export type Farm = 'market' | 'hmds';

/**
 * Every fault the simulator can inject, for tests (in-process) and people (through the HTTP control endpoint).
 * Timed faults run on the injected clock.
 */
export class FaultController implements OrderFaultHooks {
  private pendingRejection: string | undefined;
  private readonly scheduled = new Set<TimerHandle>();
  private restartTimer: TimerHandle | undefined;
  private upWaiters: (() => void)[] = [];
  private comingUp = false;
  private readonly silenceTimers = new Map<number, TimerHandle>();
  private serverLinkTimer: TimerHandle | undefined;

  constructor(
    private readonly deps: {
      server: SimServer;
      clock: Clock;
      market: MarketModel;
      marketData: MarketDataService;
      historical: HistoricalService;
      connectivity: ConnectivityState;
      orderIds: OrderIdSequence;
      initialOrderId: number;
      events: EventEmitter<SimEventMap>;
    },
  ) {}

  /**
   * Gateway restart now: every client is dropped, then for `downSeconds` connections are refused (or accepted and
   * never answered), then the gateway listens again on the same port. Resolves once the gateway is down.
   */
  async restart(opts: RestartOptions = {}): Promise<void> {
    const downSeconds = opts.downSeconds ?? 30;
    const mode = opts.mode ?? 'refuse';
    if (!(downSeconds >= 0)) throw new RangeError('downSeconds must be ≥ 0');
    if (mode !== 'refuse' && mode !== 'silent') throw new RangeError("mode must be 'refuse' or 'silent'");
    this.note('restart', { downSeconds, mode });
    if (this.restartTimer) this.deps.clock.clearTimeout(this.restartTimer);
    await this.deps.server.goDown(mode);
    this.restartTimer = this.deps.clock.setTimeout(() => {
      this.restartTimer = undefined;
      if (opts.rollbackNextValidIdTo !== undefined) this.deps.orderIds.rollbackTo(opts.rollbackNextValidIdTo);
      this.comingUp = true;
      void this.deps.server.comeUp().then(() => {
        this.comingUp = false;
        this.note('restart-up', { port: this.deps.server.port });
        const waiters = this.upWaiters;
        this.upWaiters = [];
        for (const w of waiters) w();
      });
    }, downSeconds * 1000);
  }

  /** Resolves when the gateway accepts connections normally again. */
  whenUp(): Promise<void> {
    if (this.deps.server.mode === 'up' && !this.restartTimer && !this.comingUp) return Promise.resolve();
    return new Promise((resolve) => this.upWaiters.push(resolve));
  }

  /** A restart at a clock time (epoch ms or Date). */
  scheduleRestart(at: number | Date, opts: RestartOptions = {}): { cancel(): void } {
    const when = typeof at === 'number' ? at : at.getTime();
    if (!Number.isFinite(when)) throw new RangeError('at must be a time');
    const handle = this.deps.clock.setTimeout(
      () => {
        this.scheduled.delete(handle);
        void this.restart(opts);
      },
      Math.max(0, when - this.deps.clock.now()),
    );
    this.scheduled.add(handle);
    this.note('schedule-restart', { at: new Date(when).toISOString(), ...opts });
    return {
      cancel: () => {
        this.deps.clock.clearTimeout(handle);
        this.scheduled.delete(handle);
      },
    };
  }

  /** Drops one client's socket; false if no such client is connected. */
  dropClient(clientId: number): boolean {
    this.note('drop-client', { clientId });
    return this.deps.server.dropClient(clientId);
  }

  /**
   * The gateway stops answering one client, as a hung gateway does: the socket stays open, nothing is sent to it
   * (messages it would have got meanwhile are lost) and its requests wait unread until `unsilence(clientId)` or
   * `durationMs` of clock time; then they are read and answered in order. False if no such client is connected.
   */
  silence(clientId: number, opts: SilenceOptions = {}): boolean {
    const { durationMs } = opts;
    if (durationMs !== undefined && !(durationMs >= 0 && Number.isFinite(durationMs))) {
      throw new RangeError('durationMs must be a number ≥ 0');
    }
    const session = this.deps.server.sessionOf(clientId);
    if (!session) return false;
    this.note('silence', { clientId, durationMs: durationMs ?? null });
    this.clearSilenceTimer(clientId);
    session.setSilenced(true);
    if (durationMs !== undefined) {
      const h = this.deps.clock.setTimeout(() => {
        this.silenceTimers.delete(clientId);
        // Only the session that was silenced: a reconnect with the same id in between is a new session.
        if (this.deps.server.sessionOf(clientId) === session) this.unsilence(clientId);
      }, durationMs);
      this.silenceTimers.set(clientId, h);
    }
    return true;
  }

  /** Ends `silence`: the client's waiting requests are read and answered. False if it was not silenced. */
  unsilence(clientId: number): boolean {
    this.clearSilenceTimer(clientId);
    const session = this.deps.server.sessionOf(clientId);
    if (!session?.silenced) return false;
    this.note('unsilence', { clientId });
    session.setSilenced(false);
    return true;
  }

  /**
   * 10197 "No market data during competing live session" (`on`): a live session of the same user elsewhere takes
   * the market data. Every streaming line gets 10197 with its ticker id and stops; every reqMktData meanwhile
   * (streaming or snapshot) gets 10197 and no data. Off: requests are served again; nothing is sent, the lines
   * stay gone and must be requested again. Historical data and orders are not affected.
   */
  competingSession(on = true): void {
    this.note('competing-session', { on });
    this.deps.connectivity.competingSession = on;
    if (on) this.deps.marketData.revokeAll(IbError.COMPETING_SESSION.code, IbError.COMPETING_SESSION.text);
  }

  /**
   * 2110 "Connectivity between Trader Workstation and server is broken. It will be restored automatically." to
   * every client (id −1); ticks stop, subscriptions are kept. Restored after `durationMs` of clock time or by
   * `serverLinkRestored()`.
   */
  serverLinkBroken(opts: ServerLinkOptions = {}): void {
    const { durationMs } = opts;
    if (durationMs !== undefined && !(durationMs >= 0 && Number.isFinite(durationMs))) {
      throw new RangeError('durationMs must be a number ≥ 0');
    }
    this.note('server-link-broken', { durationMs: durationMs ?? null });
    this.deps.connectivity.serverLinkBroken = true;
    if (this.serverLinkTimer) this.deps.clock.clearTimeout(this.serverLinkTimer);
    this.serverLinkTimer = undefined;
    this.broadcast(IbError.SERVER_LINK_BROKEN.code, IbError.SERVER_LINK_BROKEN.text);
    if (durationMs !== undefined) {
      this.serverLinkTimer = this.deps.clock.setTimeout(() => {
        this.serverLinkTimer = undefined;
        this.serverLinkRestored();
      }, durationMs);
    }
  }

  /**
   * The automatic restoration after 2110: the farms report OK again (2104 per market-data farm, 2106 for HMDS,
   * for farms that are up) and ticks resume with whatever changed meanwhile. No-op if the link is not broken.
   */
  serverLinkRestored(): void {
    if (this.serverLinkTimer) this.deps.clock.clearTimeout(this.serverLinkTimer);
    this.serverLinkTimer = undefined;
    const c = this.deps.connectivity;
    if (!c.serverLinkBroken) return;
    this.note('server-link-restored', {});
    c.serverLinkBroken = false;
    if (c.upstreamLost) return;
    if (c.marketFarmOk) for (const f of MARKET_FARMS) this.broadcast(IbError.MD_FARM_OK.code, IbError.MD_FARM_OK.text + f);
    if (c.hmdsFarmOk) this.broadcast(IbError.HMDS_FARM_OK.code, IbError.HMDS_FARM_OK.text + HMDS_FARM);
    this.deps.marketData.resync();
  }

  /**
   * 1300: the API socket port was changed (as in TWS's settings during an active connection). Every client gets
   * "TWS socket port has been reset and this connection is being dropped. Please reconnect on the new port - N"
   * (id −1) and is disconnected; the old port stops listening and the gateway listens on `newPort` (0, the
   * default, picks a free one). Resolves with the new port (also `sim.port`).
   */
  async resetSocketPort(newPort = 0): Promise<number> {
    if (!Number.isInteger(newPort) || newPort < 0 || newPort > 65535) {
      throw new RangeError('port must be an integer from 0 to 65535');
    }
    const from = this.deps.server.port;
    const port = await this.deps.server.resetPort(newPort, (s, p) =>
      s.sendError(-1, IbError.SOCKET_PORT_RESET.code, `${IbError.SOCKET_PORT_RESET.text}${p}`),
    );
    this.note('reset-socket-port', { from, to: port });
    return port;
  }

  /** 1100 to every client; ticks stop until connectivity is restored. */
  connectivityLost(): void {
    this.deps.connectivity.upstreamLost = true;
    this.note('connectivity-lost', {});
    this.broadcast(IbError.CONNECTIVITY_LOST.code, IbError.CONNECTIVITY_LOST.text);
  }

  /** 1101 (every market-data and historical subscription dropped) or 1102 (kept; changes resume). */
  connectivityRestored(opts: { dataLost: boolean } = { dataLost: false }): void {
    this.deps.connectivity.upstreamLost = false;
    this.note('connectivity-restored', { dataLost: opts.dataLost });
    if (opts.dataLost) {
      this.deps.marketData.dropAll();
      this.deps.historical.dropAll();
      this.broadcast(IbError.CONNECTIVITY_RESTORED_LOST.code, IbError.CONNECTIVITY_RESTORED_LOST.text);
    } else {
      this.broadcast(IbError.CONNECTIVITY_RESTORED_KEPT.code, IbError.CONNECTIVITY_RESTORED_KEPT.text);
      this.deps.marketData.resync();
    }
  }

  /** Market-data farm broken (2103, ticks stop) or OK again (2104, changes resume); HMDS farm 2105/2106. */
  setFarm(farm: Farm, ok: boolean): void {
    this.note('farm', { farm, ok });
    if (farm === 'market') {
      this.deps.connectivity.marketFarmOk = ok;
      const e = ok ? IbError.MD_FARM_OK : IbError.MD_FARM_BROKEN;
      for (const f of MARKET_FARMS) this.broadcast(e.code, e.text + f);
      if (ok) this.deps.marketData.resync();
    } else {
      this.deps.connectivity.hmdsFarmOk = ok;
      const e = ok ? IbError.HMDS_FARM_OK : IbError.HMDS_FARM_BROKEN;
      this.broadcast(e.code, e.text + HMDS_FARM);
    }
  }

  /** Broken now, OK again after `downSeconds` of clock time. */
  flapFarm(farm: Farm, downSeconds = 5): void {
    this.setFarm(farm, false);
    const h = this.deps.clock.setTimeout(() => {
      this.scheduled.delete(h);
      this.setFarm(farm, true);
    }, downSeconds * 1000);
    this.scheduled.add(h);
  }

  /** The symbol stops ticking (the model holds its prices). */
  freeze(symbol: string, on = true): void {
    this.note('freeze', { symbol, on });
    this.deps.market.setFrozen(symbol.toUpperCase(), on);
  }

  /** No realtime entitlement for the symbol ('*' for all): 354 on live requests, 10167 + delayed ticks on delayed. */
  delay(symbol: string, on = true): void {
    this.note('delay', { symbol, on });
    this.deps.marketData.setDelayed(symbol === '*' ? '*' : symbol.toUpperCase(), on);
  }

  /** Trading halt: very wide markets and tick 49 = 1. */
  halt(symbol: string, on = true): void {
    this.note('halt', { symbol, on });
    this.deps.market.setHalted(symbol.toUpperCase(), on);
  }

  /** The next order is rejected (error 201) with this reason; read once by the orders engine. */
  rejectNextOrder(reason = 'Simulated rejection'): void {
    this.note('reject-next-order', { reason });
    this.pendingRejection = reason;
  }

  consumeNextOrderRejection(): string | undefined {
    const r = this.pendingRejection;
    this.pendingRejection = undefined;
    return r;
  }

  /** nextValidId goes back (to the first id of this run unless given), as restarted gateways have done. */
  rollbackNextValidId(to?: number): void {
    const id = to ?? this.deps.initialOrderId;
    this.note('rollback-next-valid-id', { to: id });
    this.deps.orderIds.rollbackTo(id);
  }

  status(): FaultStatus {
    const c = this.deps.connectivity;
    return {
      acceptMode: this.deps.server.mode,
      upstreamLost: c.upstreamLost,
      marketFarmOk: c.marketFarmOk,
      hmdsFarmOk: c.hmdsFarmOk,
      pendingOrderRejection: this.pendingRejection !== undefined,
      scheduledRestarts: this.scheduled.size,
      silencedClients: this.deps.server.silencedClientIds(),
      serverLinkBroken: c.serverLinkBroken,
      competingSession: c.competingSession,
    };
  }

  dispose(): void {
    for (const h of this.scheduled) this.deps.clock.clearTimeout(h);
    this.scheduled.clear();
    if (this.restartTimer) this.deps.clock.clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    for (const id of [...this.silenceTimers.keys()]) this.clearSilenceTimer(id);
    if (this.serverLinkTimer) this.deps.clock.clearTimeout(this.serverLinkTimer);
    this.serverLinkTimer = undefined;
    const waiters = this.upWaiters;
    this.upWaiters = [];
    for (const w of waiters) w();
  }

  private clearSilenceTimer(clientId: number): void {
    const h = this.silenceTimers.get(clientId);
    if (h) this.deps.clock.clearTimeout(h);
    this.silenceTimers.delete(clientId);
  }

  private broadcast(code: number, text: string): void {
    this.deps.server.broadcast((s) => s.sendError(-1, code, text));
  }

  private note(name: string, detail: Record<string, unknown>): void {
    this.deps.events.emit('fault', { name, detail });
  }
}
