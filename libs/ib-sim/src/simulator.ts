import { EventEmitter } from 'node:events';
import { SystemClock, type Clock } from './clock';
import { ConnectivityState } from './faults/connectivity-state';
import { FaultController } from './faults/fault-controller';
import { registerContractHandlers } from './handlers/contract.handlers';
import { registerHistoricalHandlers } from './handlers/historical.handlers';
import { registerMarketDataHandlers } from './handlers/market-data.handlers';
import { registerSessionHandlers } from './handlers/session.handlers';
import { HistoricalService } from './historical/historical-service';
import { createMarketModel } from './market';
import type { MarketModel } from './market/market-types';
import { MarketDataService } from './market-data/market-data-service';
import { resolveTimings, type SimTimings, type SimTimingsInput } from './market-data/sim-timings';
import { AccountFile } from './account/account-file';
import { registerOrderHandlers, type OrderEngine, type OrderEngineConfigInput } from './orders';
import { startControlHttp, type ControlHttp } from './control/control-http';
import type { HandlerRegistry } from './server/handler-registry';
import { MessageDispatcher } from './server/message-dispatcher';
import { SimpleOrderIdSequence, type RegisterExtension, type SimContext } from './server/sim-context';
import type { SimEventMap } from './server/sim-events';
import { resolveLimits, type SimLimits } from './server/sim-limits';
import { SimServer } from './server/sim-server';
import type { GroupSessions, SessionRecord, SessionStats } from './server/session-ledger';

export interface SimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 4002 (IB Gateway paper); 0 picks a free port (tests). */
  port?: number;
  /** Market model seed. Default 1. */
  seed?: number;
  /** Default SystemClock; tests pass a ManualClock. */
  clock?: Clock;
  /** Paper account id reported by managedAccounts. Default DU1234567. */
  accountId?: string;
  limits?: Partial<SimLimits>;
  /** HTTP control endpoint port; `false` (default) starts none, 0 picks a free port. */
  controlPort?: number | false;
  /** Default 127.0.0.1. */
  controlHost?: string;
  /** First nextValidId. Default 1000 (well above request ids, see tws-protocol.md §2.5). */
  initialOrderId?: number;
  /** Milliseconds between market steps (model option). Default: the timings' `marketStepMs` (250). */
  marketStepMs?: number;
  /**
   * Answer latencies of market data: `fast` (default: at once, for tests) or `realistic` (IB's usual delays: first
   * ticks after 100–400 ms, a snapshot ends after 2–11 s holding its line), or a preset with values replaced (ADR 0019).
   */
  timings?: SimTimingsInput;
  /** Use this market instead of `createMarketModel` (it is not disposed by `stop()`). */
  market?: MarketModel;
  /** Underlyings of the model it builds (a subset of the 30); default all. */
  symbols?: readonly string[];
  /** Delay of delayed market data (type 3/4 without entitlement). Default 15 minutes. */
  delayedDataMs?: number;
  /** Answer latency of historical requests (they count as open meanwhile). Default 0. */
  historicalLatencyMs?: number;
  /** Register the orders/account engine (`registerOrderHandlers` from ./orders). Default true. */
  orders?: boolean;
  /**
   * Keep the paper account (cash, positions, executions, id counters) in this JSON file across restarts: restored at
   * start, saved after every change (account/account-file.ts). Default: not kept.
   */
  accountFile?: string;
  /** Fill model, commissions and account settings of the orders engine. */
  orderEngine?: OrderEngineConfigInput;
  /** Extra handler modules, registered after the built-in ones. */
  registerExtensions?: RegisterExtension;
}

export interface SimulatorCounts {
  /** Clients that completed startApi. */
  clients: number;
  /** Open TCP connections (including ones still in the handshake). */
  connections: number;
  marketDataLines: number;
  /** Snapshots waiting for their tickSnapshotEnd (each holds one of the market-data lines). */
  openSnapshots: number;
  openHistoricalRequests: number;
  ticksSent: number;
  /**
   * Framed client messages the simulator has read (after the hello, every client, discarded and malformed ones
   * included). Tests wait on it to know a burst has arrived before they move a ManualClock.
   */
  messagesReceived: number;
}

export interface IbSimulator {
  readonly host: string;
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  /** Bound control port, when the HTTP endpoint runs. */
  readonly controlPort: number | undefined;
  readonly accountId: string;
  readonly clock: Clock;
  readonly market: MarketModel;
  readonly faults: FaultController;
  readonly limits: SimLimits;
  readonly timings: SimTimings;
  readonly events: EventEmitter<SimEventMap>;
  /** The orders/account engine, unless started with `orders: false`. */
  readonly orders: OrderEngine | undefined;
  clientCount(): number;
  connectionCount(): number;
  clientIds(): number[];
  counts(): SimulatorCounts;
  /**
   * API sessions per client id since start: open now, most open at once, opened, refused with 326. Per id `current`
   * and `maxConcurrent` never exceed 1 (a second session of a connected id is refused, as IB does).
   */
  sessionStats(): SessionStats;
  /** Several client ids taken as one (e.g. CLIENT_ID and IB_FALLBACK_CLIENT_ID): most sessions open at once among them. */
  sessionGroup(clientIds: readonly number[]): GroupSessions;
  /** The most recent sessions (client id, remote address, opened/closed on the simulator clock, close reason). */
  sessionRecords(limit?: number): SessionRecord[];
  /** Handler names by message id (for docs and diagnostics). */
  handledMessages(): Record<number, string>;
  stop(): Promise<void>;
}

/** Starts the simulated IB Gateway: TCP server, market model, handlers, faults, optional HTTP control. */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<IbSimulator> {
  const host = opts.host ?? '127.0.0.1';
  const accountId = opts.accountId ?? 'DU1234567';
  if (!/^[A-Z]{1,3}\d{1,10}$/.test(accountId)) throw new RangeError(`accountId ${accountId} is not an IB account id`);
  const clock = opts.clock ?? new SystemClock();
  const limits = resolveLimits(opts.limits);
  const timings = resolveTimings(opts.timings);
  const seed = opts.seed ?? 1;
  const initialOrderId = opts.initialOrderId ?? 1000;
  const ownsMarket = !opts.market;
  const market = opts.market ?? createMarketModel({ seed, clock, stepMs: opts.marketStepMs ?? timings.marketStepMs, symbols: opts.symbols });
  const events = new EventEmitter<SimEventMap>();
  const connectivity = new ConnectivityState();
  const orderIds = new SimpleOrderIdSequence(initialOrderId);
  const dispatcher = new MessageDispatcher((s, msgId, error) =>
    events.emit('handlerError', { sessionId: s.sessionId, msgId, error }),
  );
  const server = new SimServer(
    { host, port: opts.port ?? 4002, clock, limits, accountIds: [accountId], orderIds, connectivity, events },
    dispatcher,
  );
  const marketData = new MarketDataService(
    market,
    clock,
    connectivity,
    limits.marketDataLines,
    opts.delayedDataMs ?? 15 * 60_000,
    timings,
    seed,
  );
  const historical = new HistoricalService(market, clock, limits, connectivity, opts.historicalLatencyMs ?? 0);
  const faults: FaultController = new FaultController({
    server,
    clock,
    market,
    marketData,
    historical,
    connectivity,
    orderIds,
    initialOrderId,
    events,
  });
  const ctx: SimContext = {
    market,
    clock,
    accountId,
    limits,
    orderIds,
    orderFaults: faults,
    sessions: server,
  };
  server.onClosed((s) => {
    marketData.dropSession(s);
    historical.dropSession(s);
  });

  const registry: HandlerRegistry = dispatcher;
  registerSessionHandlers(registry, ctx, [accountId]);
  registerContractHandlers(registry, ctx);
  registerMarketDataHandlers(registry, ctx, marketData);
  registerHistoricalHandlers(registry, ctx, historical);
  const disposers: (() => void)[] = [];
  let orders: OrderEngine | undefined;
  if (opts.orders !== false) {
    const file = opts.accountFile ? new AccountFile(opts.accountFile) : null;
    const saved = file?.read() ?? null;
    let dirty = false;
    const save = () => {
      if (!dirty) return;
      dirty = false;
      file?.write(engine.exportAccount());
    };
    // Saved once per turn of the event loop: a combo fill's legs are one write.
    const accountChanged = file
      ? () => {
          if (dirty) return;
          dirty = true;
          setImmediate(save);
        }
      : undefined;
    const engine = registerOrderHandlers(registry, { ...ctx, orderEngine: opts.orderEngine, accountChanged });
    if (saved) engine.importAccount(saved);
    orders = engine;
    disposers.push(() => {
      save();
      engine.dispose();
    });
  }
  if (opts.registerExtensions) {
    const dispose = opts.registerExtensions(registry, ctx);
    if (typeof dispose === 'function') disposers.push(dispose);
  }

  const port = await server.listen();
  let control: ControlHttp | undefined;
  let stopped = false;

  const sim: IbSimulator = {
    host,
    get port() {
      return server.port;
    },
    get controlPort() {
      return control?.port;
    },
    accountId,
    clock,
    market,
    faults,
    limits,
    timings,
    events,
    orders,
    clientCount: () => server.clientIds().length,
    connectionCount: () => server.connectionCount(),
    clientIds: () => server.clientIds(),
    counts: () => ({
      clients: server.clientIds().length,
      connections: server.connectionCount(),
      marketDataLines: marketData.lineCount(),
      openSnapshots: marketData.stats().openSnapshots,
      openHistoricalRequests: historical.openRequests(),
      ticksSent: marketData.stats().ticksSent,
      messagesReceived: server.messagesReceived(),
    }),
    sessionStats: () => server.ledger.stats(),
    sessionGroup: (clientIds) => server.ledger.group(clientIds),
    sessionRecords: (limit) => server.ledger.records(limit),
    handledMessages: () => dispatcher.names(),
    async stop() {
      if (stopped) return;
      stopped = true;
      faults.dispose();
      await control?.close();
      await server.stop();
      marketData.dispose();
      historical.dispose();
      for (const d of disposers) d();
      if (ownsMarket) (market as { dispose?: () => void }).dispose?.();
      events.emit('stopped');
    },
  };
  try {
    if (opts.controlPort !== undefined && opts.controlPort !== false) {
      control = await startControlHttp(sim, { host: opts.controlHost ?? '127.0.0.1', port: opts.controlPort });
    }
  } catch (e) {
    await sim.stop();
    throw e;
  }
  void port;
  return sim;
}
