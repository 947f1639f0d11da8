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
    };
  }

  dispose(): void {
    for (const h of this.scheduled) this.deps.clock.clearTimeout(h);
    this.scheduled.clear();
    if (this.restartTimer) this.deps.clock.clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const waiters = this.upWaiters;
    this.upWaiters = [];
    for (const w of waiters) w();
  }

  private broadcast(code: number, text: string): void {
    this.deps.server.broadcast((s) => s.sendError(-1, code, text));
  }

  private note(name: string, detail: Record<string, unknown>): void {
    this.deps.events.emit('fault', { name, detail });
  }
}
