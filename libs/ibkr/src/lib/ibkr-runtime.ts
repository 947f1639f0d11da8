import type { GatewayKind } from '@ibsc/shared-dto';
import type { IBApi } from '@stoqey/ib';
import { Clock, SystemClock } from './clock/clock';
import type { BackoffOptions } from './connection/backoff';
import { DailyRestartService } from './connection/daily-restart.service';
import { IbConnection } from './connection/ib-connection';
import { IbErrorPolicy } from './errors/ib-error-policy';
import { IbkrEventBus } from './events/ibkr-event-bus';
import { MarketDataLineManager } from './market-data/line-manager';
import { OrderIdAuthority } from './orders/order-id-authority';
import { InMemoryOrderIdStore, OrderIdStore } from './orders/order-id-store';
import type { HistoricalLimits } from './requests/historical-pacer';
import { currentTimeRequest } from './requests/ib-requests';
import { RequestCoordinator } from './requests/request-coordinator';
import { RequestIds } from './requests/request-ids';
import { RestartSchedule } from './restart/restart-schedule';
import { nextTurn } from '@ibsc/clock';

/** Where log lines go (Nest's Logger fits). */
export interface IbkrLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const SILENT_LOGGER: IbkrLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

export interface IbkrOptions {
  gateway: { kind: GatewayKind; host: string; port: number };
  clientId: number;
  fallbackClientId?: number | null;
  /** WATCHDOG_TIMEOUT: seconds of silence before the probe. Default 60. */
  watchdogTimeoutSec?: number;
  /** Probe timeout. Default min(10 s, watchdog). */
  probeTimeoutMs?: number;
  handshakeTimeoutMs?: number;
  clientIdRetryDelayMs?: number;
  clientIdRetriesBeforeFallback?: number;
  backoff?: BackoffOptions;
  restartPollMs?: number;
  /** MAX_SUBSCRIPTIONS. Default 90. */
  maxSubscriptions?: number;
  /** IB_REQUEST_RATE: messages per second. Default 45. */
  requestRate?: number;
  requestBurst?: number;
  historicalLimits?: HistoricalLimits;
  /** IB_RESTART_TIME / IB_RESTART_TZ. Default 23:45 America/New_York. */
  restart?: { time: string; timeZone: string; windowMinutes?: number; warnMinutes?: number };
  marketDataType?: 1 | 2 | 3 | 4;
  orderIdStore?: OrderIdStore;
  apiFactory?: (opts: { host: string; port: number }) => IBApi;
}

/**
 * The connection layer, framework-free: the pieces and their wiring. The Nest module wraps one of these; tests and
 * the benchmark build one directly against the simulator with a manual clock.
 */
export class IbkrRuntime {
  readonly bus = new IbkrEventBus();
  readonly policy = new IbErrorPolicy();
  readonly ids = new RequestIds();
  readonly connection: IbConnection;
  readonly coordinator: RequestCoordinator;
  readonly lines: MarketDataLineManager;
  readonly orderIds: OrderIdAuthority;
  readonly restart: DailyRestartService;
  private started = false;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    readonly options: IbkrOptions,
    readonly clock: Clock = new SystemClock(),
    private readonly logger: IbkrLogger = SILENT_LOGGER,
  ) {
    const r = options.restart ?? { time: '23:45', timeZone: 'America/New_York' };
    this.restart = new DailyRestartService(new RestartSchedule(r), clock, this.bus);
    const watchdogMs = (options.watchdogTimeoutSec ?? 60) * 1000;
    this.connection = new IbConnection(
      {
        host: options.gateway.host,
        port: options.gateway.port,
        clientId: options.clientId,
        fallbackClientId: options.fallbackClientId ?? null,
        handshakeTimeoutMs: options.handshakeTimeoutMs,
        clientIdRetryDelayMs: options.clientIdRetryDelayMs,
        clientIdRetriesBeforeFallback: options.clientIdRetriesBeforeFallback,
        backoff: options.backoff,
        restartPollMs: options.restartPollMs,
        watchdogIdleMs: watchdogMs,
        watchdogProbeTimeoutMs: options.probeTimeoutMs,
        isExpectedRestart: () => this.restart.inWindow(),
        apiFactory: options.apiFactory,
      },
      clock,
      this.bus,
      this.policy,
    );
    this.coordinator = new RequestCoordinator(this.connection, clock, this.bus, this.ids, {
      ratePerSec: options.requestRate ?? 45,
      burst: options.requestBurst,
      historicalLimits: options.historicalLimits,
    });
    this.lines = new MarketDataLineManager(this.connection, this.coordinator, this.ids, clock, this.bus, {
      maxLines: options.maxSubscriptions ?? 90,
      marketDataType: options.marketDataType,
    });
    this.orderIds = new OrderIdAuthority(options.orderIdStore ?? new InMemoryOrderIdStore());
    const probeTimeout = options.probeTimeoutMs ?? Math.min(10_000, watchdogMs);
    this.connection.setProbe(() => this.coordinator.submit(currentTimeRequest(probeTimeout)));
    this.bus.on('ready', (r) => {
      if (r.accounts[0]) this.orderIds.setScope(r.accounts[0]);
      this.orderIds.onNextValidId(r.nextValidId);
    });
    this.connection.incoming.on('nextValidId', (id) => this.orderIds.onNextValidId(id));
    this.wireLogs();
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.restart.start();
    this.connection.start();
  }

  /** Disconnects, fails what is pending (typed), clears every timer. */
  async stop(): Promise<void> {
    this.started = false;
    this.connection.stop();
    this.coordinator.stop();
    this.restart.stop();
    for (const u of this.unsubscribe.splice(0)) u();
    // let the socket's close callbacks run
    await nextTurn();
  }

  private wireLogs(): void {
    const b = this.bus;
    const on = <K extends Parameters<IbkrEventBus['on']>[0]>(name: K, fn: (...args: never[]) => void) => {
      b.on(name, fn as never);
      this.unsubscribe.push(() => b.off(name, fn as never));
    };
    on('state', (s: { from: string; to: string; reason: string }) => this.logger.log(`gateway ${s.from} → ${s.to}: ${s.reason}`));
    on('alert', (a: { message: string }) => this.logger.error(`ALERT ${a.message}`));
    on('session-lost', (s: { reason: string; expected: boolean }) =>
      s.expected ? this.logger.log(`expected restart: ${s.reason}`) : this.logger.warn(`connection lost: ${s.reason}`),
    );
    on('restart', (r: { phase: string; nextRestartAt: number }) => {
      if (r.phase === 'warning') this.logger.warn(`gateway daily restart in 5 minutes (${new Date(r.nextRestartAt).toISOString()})`);
      else this.logger.log(`gateway restart window: ${r.phase}`);
    });
    on('client-id', (c: { message: string }) => this.logger.warn(c.message));
    on('throttle', (t: { active: boolean; queueDepth: number }) => this.logger.log(`request throttle ${t.active ? 'start' : 'end'} (queue ${t.queueDepth})`));
  }
}
