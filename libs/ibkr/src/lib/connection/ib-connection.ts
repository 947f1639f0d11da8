import { EventName, IBApi } from '@stoqey/ib';
import type { ConnectionState } from '@ibsc/shared-dto';
import type { Clock, TimerHandle } from '../clock/clock';
import { FARM_CODES, IbErrorPolicy } from '../errors/ib-error-policy';
import type { IbkrEventBus } from '../events/ibkr-event-bus';
import { BackoffOptions, ExponentialBackoff } from './backoff';
import { IbIncoming } from './ib-incoming';
import { Watchdog } from './watchdog';

export interface IbConnectionOptions {
  host: string;
  port: number;
  clientId: number;
  /** Used after `clientIdRetriesBeforeFallback` consecutive 326 answers; null: keep retrying the primary id. */
  fallbackClientId?: number | null;
  /** TCP connect + handshake (server version … nextValidId). The client itself has no such timeout. Default 10 s. */
  handshakeTimeoutMs?: number;
  /** Wait after a 326 before trying again (the gateway may not have noticed the old socket's death yet). Default 2 s. */
  clientIdRetryDelayMs?: number;
  /** Consecutive 326 answers before the fallback id is used. Default 2. */
  clientIdRetriesBeforeFallback?: number;
  backoff?: BackoffOptions;
  /** Cap of the reconnect delay inside the daily restart window ("reconnect as soon as the gateway accepts"). Default 1 s. */
  restartPollMs?: number;
  /** Silence before the watchdog probes (WATCHDOG_TIMEOUT). Default 60 s. */
  watchdogIdleMs?: number;
  /** How long the reqCurrentTime probe may take. Default min(10 s, watchdogIdleMs). */
  watchdogProbeTimeoutMs?: number;
  /** Whether a drop now is the expected daily restart. */
  isExpectedRestart?: () => boolean;
  /** Creates the client; default an IBApi with explicit host/port and its own 40/s limiter out of the way. */
  apiFactory?: (opts: { host: string; port: number }) => IBApi;
}

export interface ConnectionHooks {
  /** The handshake completed; the session may be used (the state is `restoring` or `ready`). */
  sessionUp?(api: IBApi, reconnect: boolean): void;
  /** The session is gone (socket closed, handshake or watchdog timeout, stop). */
  sessionLost?(reason: string): void;
  /** Re-establish what the gateway forgot. Resolves when the messages are sent. */
  restore?(reason: 'reconnect' | 'data-lost'): Promise<void>;
}

export interface FarmStatus {
  market: 'ok' | 'broken' | 'unknown';
  hmds: 'ok' | 'broken' | 'unknown';
  secdef: 'ok' | 'broken' | 'unknown';
}

export interface ConnectionInfo {
  state: ConnectionState;
  host: string;
  port: number;
  clientId: number;
  usingFallbackClientId: boolean;
  serverVersion: number | null;
  accounts: string[];
  /** When the current session became ready (epoch ms). */
  readySince: number | null;
  attempts: number;
  reconnects: number;
  message: string | null;
  farms: FarmStatus;
  lastDisconnectReason: string | null;
  lastDisconnectExpected: boolean;
}

interface Session {
  api: IBApi;
  id: number;
  clientId: number;
  ready: boolean;
  got326: boolean;
  serverVersion: number | null;
  accounts: string[];
}

/** No maxReqPerSec of the client's own: the request coordinator paces. */
export const UNPACED_REQ_PER_SEC = 100_000;

export function defaultApiFactory(opts: { host: string; port: number }): IBApi {
  return new IBApi({ host: opts.host, port: opts.port, maxReqPerSec: UNPACED_REQ_PER_SEC });
}

/**
 * The one connection to the gateway: a fresh IBApi per attempt (so a stale socket's late events can never touch
 * the new one), a handshake timeout, "ready" only on nextValidId, the watchdog, capped exponential backoff with
 * jitter (1 s polling inside the restart window), 326 handling with a fallback id, and 1100/1101/1102 without
 * tearing the socket down. States are published on the event bus.
 */
export class IbConnection {
  readonly incoming = new IbIncoming();
  private readonly backoff: ExponentialBackoff;
  private readonly watchdog: Watchdog;
  private readonly hooks: ConnectionHooks[] = [];
  private current: Session | null = null;
  private sessionSeq = 0;
  private running = false;
  private stateNow: ConnectionState = 'disconnected';
  private handshakeTimer: TimerHandle | undefined;
  private retryTimer: TimerHandle | undefined;
  private consecutive326 = 0;
  private useFallback = false;
  private everReady = false;
  private readySince: number | null = null;
  private attempts = 0;
  private reconnects = 0;
  private message: string | null = 'not started';
  private lastDisconnectReason: string | null = null;
  private lastDisconnectExpected = false;
  private farms: FarmStatus = { market: 'unknown', hmds: 'unknown', secdef: 'unknown' };
  private probe: () => Promise<unknown> = () => Promise.reject(new Error('no probe configured'));
  private readonly opts: Required<Omit<IbConnectionOptions, 'fallbackClientId' | 'backoff'>> & { fallbackClientId: number | null };

  constructor(
    options: IbConnectionOptions,
    private readonly clock: Clock,
    private readonly bus: IbkrEventBus,
    private readonly policy: IbErrorPolicy,
  ) {
    const idle = options.watchdogIdleMs ?? 60_000;
    this.opts = {
      host: options.host,
      port: options.port,
      clientId: options.clientId,
      fallbackClientId: options.fallbackClientId ?? null,
      handshakeTimeoutMs: options.handshakeTimeoutMs ?? 10_000,
      clientIdRetryDelayMs: options.clientIdRetryDelayMs ?? 2_000,
      clientIdRetriesBeforeFallback: options.clientIdRetriesBeforeFallback ?? 2,
      restartPollMs: options.restartPollMs ?? 1_000,
      watchdogIdleMs: idle,
      watchdogProbeTimeoutMs: options.watchdogProbeTimeoutMs ?? Math.min(10_000, idle),
      isExpectedRestart: options.isExpectedRestart ?? (() => false),
      apiFactory: options.apiFactory ?? defaultApiFactory,
    };
    this.backoff = new ExponentialBackoff(options.backoff);
    this.watchdog = new Watchdog({
      clock,
      idleMs: this.opts.watchdogIdleMs,
      probeTimeoutMs: this.opts.watchdogProbeTimeoutMs,
      probe: () => this.probe(),
      onDead: (reason) => this.drop(reason, true),
    });
  }

  get state(): ConnectionState {
    return this.stateNow;
  }

  /** The client of the current session once its handshake completed, else null. */
  get api(): IBApi | null {
    return this.current?.ready ? this.current.api : null;
  }

  /** Changes each session; lets users tell whether a request went out on the current one. */
  get sessionId(): number {
    return this.current?.ready ? this.current.id : 0;
  }

  get clientId(): number {
    return this.useFallback && this.opts.fallbackClientId !== null ? this.opts.fallbackClientId : this.opts.clientId;
  }

  addHooks(h: ConnectionHooks): void {
    this.hooks.push(h);
  }

  /** The liveness probe (reqCurrentTime through the coordinator). */
  setProbe(probe: () => Promise<unknown>): void {
    this.probe = probe;
  }

  info(): ConnectionInfo {
    return {
      state: this.stateNow,
      host: this.opts.host,
      port: this.opts.port,
      clientId: this.current?.clientId ?? this.clientId,
      usingFallbackClientId: this.useFallback,
      serverVersion: this.current?.serverVersion ?? null,
      accounts: this.current?.accounts ?? [],
      readySince: this.readySince,
      attempts: this.attempts,
      reconnects: this.reconnects,
      message: this.message,
      farms: { ...this.farms },
      lastDisconnectReason: this.lastDisconnectReason,
      lastDisconnectExpected: this.lastDisconnectExpected,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt();
  }

  /** Disconnects and stays down. */
  stop(): void {
    this.running = false;
    this.clearRetry();
    this.teardown('stopped');
    this.message = 'stopped';
    this.setState('disconnected', 'stopped');
  }

  /** Drops the current session (if any) and connects again at once (POST /system/reconnect). */
  reconnect(reason = 'reconnect requested'): void {
    this.running = true;
    this.clearRetry();
    this.backoff.reset();
    this.teardown(reason);
    this.setState('disconnected', reason);
    this.attempt();
  }

  // ---------------------------------------------------------------- attempts

  private attempt(): void {
    this.retryTimer = undefined;
    if (!this.running || this.current) return;
    this.attempts++;
    const clientId = this.clientId;
    const api = this.opts.apiFactory({ host: this.opts.host, port: this.opts.port });
    const s: Session = { api, id: ++this.sessionSeq, clientId, ready: false, got326: false, serverVersion: null, accounts: [] };
    this.current = s;
    this.setState('connecting', `attempt ${this.attempts} with client id ${clientId}`);
    this.wire(s);
    this.handshakeTimer = this.clock.setTimeout(
      () => this.drop(`handshake timed out after ${this.opts.handshakeTimeoutMs} ms (the gateway accepted TCP but did not answer)`, false),
      this.opts.handshakeTimeoutMs,
    );
    try {
      api.connect(clientId);
    } catch (e) {
      this.drop(`connect failed: ${e instanceof Error ? e.message : String(e)}`, false);
    }
  }

  private wire(s: Session): void {
    const { api } = s;
    const mine = () => this.current === s;
    api.on(EventName.all, (name: string, args: unknown[]) => {
      if (!mine()) return;
      if (name === EventName.received) {
        this.watchdog.activity();
        return;
      }
      if (name === EventName.sent || name === EventName.result) return;
      this.incoming.forward(name, args);
    });
    api.on(EventName.server, (version: number) => {
      if (mine()) s.serverVersion = version;
    });
    api.on(EventName.managedAccounts, (list: string) => {
      if (mine()) s.accounts = list.split(',').map((a) => a.trim()).filter(Boolean);
    });
    api.on(EventName.nextValidId, (id: number) => {
      if (mine() && !s.ready) this.handshakeDone(s, id);
    });
    api.on(EventName.info, (message: string, code: number) => {
      if (mine()) this.onMessageCode(s, code, -1, message);
    });
    api.on(EventName.error, (err: Error, code: number, reqId: number) => {
      if (mine()) this.onMessageCode(s, code, reqId, err?.message ?? String(err));
    });
    api.on(EventName.disconnected, () => {
      if (mine()) this.drop(s.got326 ? `client id ${s.clientId} in use (326)` : s.ready ? 'socket closed by the gateway' : 'gateway closed or refused the connection', false);
    });
  }

  private handshakeDone(s: Session, nextValidId: number): void {
    if (this.handshakeTimer) this.clock.clearTimeout(this.handshakeTimer);
    this.handshakeTimer = undefined;
    s.ready = true;
    const reconnect = this.everReady;
    if (reconnect) this.reconnects++;
    this.everReady = true;
    this.backoff.reset();
    this.consecutive326 = 0;
    this.readySince = this.clock.now();
    this.message = this.useFallback
      ? `connected with fallback client id ${s.clientId} (client id ${this.opts.clientId} is in use)`
      : null;
    this.watchdog.start();
    for (const h of this.hooks) h.sessionUp?.(s.api, reconnect);
    this.bus.emit('ready', {
      clientId: s.clientId,
      nextValidId,
      accounts: s.accounts,
      serverVersion: s.serverVersion ?? 0,
      reconnect,
      usingFallbackClientId: this.useFallback,
      at: this.clock.now(),
    });
    if (reconnect) void this.runRestore(s, 'reconnect');
    else this.setState('ready', 'handshake complete');
  }

  private async runRestore(s: Session, reason: 'reconnect' | 'data-lost'): Promise<void> {
    this.setState('restoring', reason === 'reconnect' ? 'reconnected: restoring subscriptions' : '1101: restoring subscriptions');
    try {
      for (const h of this.hooks) if (h.restore) await h.restore(reason);
    } catch (e) {
      this.bus.emit('alert', { message: `restore failed: ${e instanceof Error ? e.message : String(e)}`, code: null, at: this.clock.now() });
    }
    if (this.current === s && this.stateNow === 'restoring') this.setState('ready', 'restored');
  }

  // ---------------------------------------------------------------- codes

  private onMessageCode(s: Session, code: number, reqId: number, message: string): void {
    const c = this.policy.record(code, reqId, message, this.clock.now());
    this.bus.emit('ib-error', c);
    const farm = FARM_CODES[code];
    if (farm) {
      this.farms[farm.farm] = farm.ok ? 'ok' : 'broken';
      this.bus.emit('farm', { farm: farm.farm, ok: farm.ok, code, message, at: c.at });
      return; // shown, never a reason to reconnect
    }
    if (code === 326) {
      s.got326 = true;
      return;
    }
    if (c.action === 'alert') this.bus.emit('alert', { message: `IB ${code}: ${message}`, code, at: c.at });
    if (!s.ready) return;
    if (code === 1100) {
      this.bus.emit('connectivity', { code, at: c.at });
      this.message = 'IB connectivity lost (1100): socket kept, orders held';
      this.setState('degraded', '1100 connectivity lost');
    } else if (code === 1101) {
      this.bus.emit('connectivity', { code, at: c.at });
      this.message = null;
      void this.runRestore(s, 'data-lost');
    } else if (code === 1102) {
      this.bus.emit('connectivity', { code, at: c.at });
      this.message = null;
      if (this.stateNow === 'degraded') this.setState('ready', '1102 connectivity restored, data maintained');
    } else if (code === 1300) {
      this.drop('socket port reset (1300)', false);
    }
  }

  // ---------------------------------------------------------------- teardown and retry

  /** Ends the current session and schedules the next attempt. */
  private drop(reason: string, byWatchdog: boolean): void {
    const s = this.current;
    if (!s) return;
    const wasReady = s.ready;
    const got326 = s.got326;
    this.teardown(reason);
    const expected = this.opts.isExpectedRestart();
    this.lastDisconnectReason = reason;
    this.lastDisconnectExpected = expected;
    if (wasReady) {
      this.bus.emit('session-lost', { reason, expected, at: this.clock.now() });
      if (!expected) this.bus.emit('alert', { message: `gateway connection lost: ${reason}`, code: null, at: this.clock.now() });
    }
    let delay: number;
    if (got326) {
      this.consecutive326++;
      delay = this.opts.clientIdRetryDelayMs;
      const fallback = this.opts.fallbackClientId;
      if (!this.useFallback && fallback !== null && this.consecutive326 >= this.opts.clientIdRetriesBeforeFallback) {
        this.useFallback = true;
        this.message = `client id ${this.opts.clientId} is in use (326 ×${this.consecutive326}); trying fallback client id ${fallback}`;
        this.bus.emit('client-id', { clientId: fallback, fallback: true, message: this.message, at: this.clock.now() });
      } else if (this.useFallback) {
        // the fallback is taken too: go back to the primary id and back off
        this.useFallback = false;
        delay = this.backoff.next();
        this.message = `client ids ${this.opts.clientId} and ${fallback} are both in use (326); retrying in ${delay} ms`;
      } else {
        this.message = `client id ${this.opts.clientId} is in use (326); retrying in ${delay} ms`;
      }
    } else {
      this.consecutive326 = 0;
      // A new attempt after a clean drop prefers the primary id again (orders are bound to it).
      if (wasReady) this.useFallback = false;
      delay = this.backoff.next(expected ? this.opts.restartPollMs : undefined);
      this.message = expected
        ? `expected restart: ${reason}; polling the gateway every ≤ ${this.opts.restartPollMs} ms`
        : `${reason}; reconnecting in ${delay} ms${byWatchdog ? ' (watchdog)' : ''}`;
    }
    this.setState('disconnected', reason);
    if (this.running) this.retryTimer = this.clock.setTimeout(() => this.attempt(), delay);
  }

  private teardown(reason: string): void {
    const s = this.current;
    if (this.handshakeTimer) this.clock.clearTimeout(this.handshakeTimer);
    this.handshakeTimer = undefined;
    this.watchdog.stop();
    if (!s) return;
    this.current = null;
    this.readySince = null;
    s.api.removeAllListeners();
    s.api.on(EventName.error, () => undefined);
    try {
      s.api.disconnect();
    } catch {
      // the socket may already be gone
    }
    if (s.ready) for (const h of this.hooks) h.sessionLost?.(reason);
  }

  private clearRetry(): void {
    if (this.retryTimer) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private setState(to: ConnectionState, reason: string): void {
    const from = this.stateNow;
    if (from === to) return;
    this.stateNow = to;
    this.bus.emit('state', { from, to, reason, at: this.clock.now() });
  }
}
