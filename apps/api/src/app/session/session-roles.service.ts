/**
 * The two roles of every API process (ADR 0010). Serving (REST, Socket.IO, the console) always; session owner while
 * this process holds the PostgreSQL lock: then, and only then, the IB connection, the order engine (transmission,
 * walks, reconciliation), the continuous scan and the command bus's executor run here.
 *
 *   acquired → serve commands → engine.start → connect → (ready) → the scan the console asked for
 *   lost     → stop transmitting at once, disconnect, exit(3): a fresh process rejoins as a standby
 *   SIGTERM  → stop, disconnect, unlock + NOTIFY: a standby takes over in milliseconds (hand-over)
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { IBKR_RUNTIME, type IbkrRuntime } from '@ibsc/ibkr';
import type { OrdersEngine } from '@ibsc/orders';
import { ContinuousScanService } from '@ibsc/scanner';
import type { SessionStatus } from '@ibsc/shared-dto';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { requestContext } from '../common/request-context';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { sessionMetrics, type SessionMetrics } from '../metrics/session-metrics';
import { ORDERS_ENGINE } from '../orders/orders.tokens';
import { CommandBus, COMMAND_CHANNEL, REPLY_CHANNEL, type CommandKind } from './command-bus';
import { ScanIntentStore } from './scan-intent.store';
import { SessionLease, type Acquired } from './session-lease';

export const SESSION_DATABASE_URL = Symbol('SESSION_DATABASE_URL');
/** How a deposed owner leaves (default process.exit): tests replace it. */
export const SESSION_EXIT = Symbol('SESSION_EXIT');
export const LOOPBACK_HEADER = 'x-ibsc-forwarded';
/** A deposed owner exits with this code; `npm start` restarts the API on it. */
export const DEPOSED_EXIT_CODE = 3;

export interface HttpCommand {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const REPLY_HEADERS = ['content-type', 'retry-after', 'etag', 'content-disposition', 'location', 'cache-control'];

@Injectable()
export class SessionRolesService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly lease: SessionLease;
  readonly bus: CommandBus;
  /** Known only to this process: marks the owner's own loopback execution of a forwarded request. */
  readonly loopbackToken = randomBytes(24).toString('hex');
  private readonly logger = new Logger('session');
  private readonly metrics: SessionMetrics;
  private readonly calls = new Map<string, (args: unknown) => unknown>();
  private becoming: Promise<void> | null = null;
  private stopping = false;
  private detach: Array<() => void> = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SESSION_DATABASE_URL) databaseUrl: string,
    @InjectDataSource() db: DataSource,
    private readonly moduleRef: ModuleRef,
    private readonly adapterHost: HttpAdapterHost,
    private readonly intents: ScanIntentStore,
    @Optional() @Inject(SESSION_EXIT) private readonly exit: (code: number) => void = (code) => process.exit(code),
  ) {
    const log = { log: (m: string) => this.logger.log(m), warn: (m: string) => this.logger.warn(m), error: (m: string) => this.logger.error(m) };
    this.lease = new SessionLease({
      databaseUrl,
      replicaId: config.replicaId,
      pollMs: config.sessionPollMs,
      keepAliveMs: config.sessionKeepAliveMs,
      channels: [COMMAND_CHANNEL, REPLY_CHANNEL],
      log,
    });
    this.metrics = sessionMetrics();
    this.metrics.owner.set(0);
    this.bus = new CommandBus(db, this.lease, { timeoutMs: config.sessionCommandTimeoutMs, log, count: (kind, outcome) => this.metrics.commands.inc({ kind, outcome }) });
  }

  get isOwner(): boolean {
    return this.lease.isOwner && !this.stopping;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.lease.on('acquired', (a) => (this.becoming = this.becomeOwner(a)));
    this.lease.on('lost', (why) => this.deposed(why));
    await this.lease.start();
    await this.becoming;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (!this.lease.isOwner) {
      await this.lease.stop();
      return;
    }
    // Hand-over: nothing more is transmitted from here, the gateway session is closed, then the lock is released.
    this.bus.stopServing();
    await this.stopSessionWork();
    this.metrics.owner.set(0);
    await this.lease.release();
  }

  /** A named call answered by the owner (Socket.IO's scan and status requests on any replica). */
  registerCall(name: string, fn: (args: unknown) => unknown): void {
    this.calls.set(name, fn);
  }

  async call<T>(name: string, args: unknown = null): Promise<T> {
    if (this.isOwner) return (await this.runCall(name, args)) as T;
    return (await this.bus.send('call', { name, args })) as T;
  }

  /** A session-bound HTTP request received by a standby, carried out by the owner. */
  forwardHttp(cmd: HttpCommand): Promise<HttpReply> {
    return this.bus.send('http', cmd) as Promise<HttpReply>;
  }

  async status(): Promise<SessionStatus> {
    const row = await this.lease.row().catch(() => null);
    this.metrics.epoch.set(row?.epoch ?? this.lease.currentEpoch);
    return {
      replicaId: this.config.replicaId,
      role: this.isOwner ? 'owner' : 'standby',
      owner: row?.owner && !row.releasedAt ? row.owner : null,
      epoch: row?.epoch ?? this.lease.currentEpoch,
      acquiredAt: row?.acquiredAt ?? null,
      lastFailoverAt: row?.lastFailoverAt ?? null,
      previousOwner: row?.previousOwner ?? null,
      failovers: row?.failovers ?? 0,
    };
  }

  /** Records the scan the console asked for, so the next owner runs it (called by the owner after start/stop/filters). */
  async recordScan(): Promise<void> {
    const scan = this.optional<ContinuousScanService>(ContinuousScanService);
    if (!scan) return;
    const running = scan.status().state !== 'idle';
    await this.intents.save({ running, settings: scan.settings() }, this.config.replicaId);
  }

  // ------------------------------------------------------------------ owner

  private async becomeOwner(a: Acquired): Promise<void> {
    this.metrics.owner.set(1);
    this.metrics.epoch.set(a.epoch);
    if (a.takeover) this.metrics.failovers.inc();
    await this.bus.serve(a.epoch, (kind, payload) => this.execute(kind, payload));
    const rt = this.optional<IbkrRuntime>(IBKR_RUNTIME);
    this.optional<OrdersEngine>(ORDERS_ENGINE)?.start();
    rt?.start();
    const intent = await this.intents.load().catch(() => null);
    const scan = this.optional<ContinuousScanService>(ContinuousScanService);
    if (intent?.running && intent.settings && scan && rt) {
      const settings = intent.settings;
      this.whenReady(rt, () => {
        requestContext
          .exit(() => scan.start(settings))
          .then(() => this.logger.log(`scan resumed after taking the session (${settings.symbols.join(', ')})`))
          .catch((e: Error) => this.logger.warn(`scan not resumed: ${e.message}`));
      });
    }
  }

  private whenReady(rt: IbkrRuntime, run: () => void): void {
    if (rt.connection.state === 'ready') return run();
    const onState = (s: { to: string }) => {
      if (s.to !== 'ready') return;
      rt.bus.off('state', onState);
      run();
    };
    rt.bus.on('state', onState);
    this.detach.push(() => rt.bus.off('state', onState));
  }

  /** Lost the lock without asking: another replica may own the session now. Stop transmitting and leave. */
  private deposed(why: string): void {
    if (this.stopping) return;
    this.stopping = true;
    this.metrics.owner.set(0);
    this.bus.stopServing();
    this.logger.error(`deposed (${why}): stopping the IB session and exiting with code ${DEPOSED_EXIT_CODE} to rejoin as a standby`);
    void this.stopSessionWork().finally(() => this.exit(DEPOSED_EXIT_CODE));
  }

  private async stopSessionWork(): Promise<void> {
    for (const d of this.detach.splice(0)) d();
    const rt = this.optional<IbkrRuntime>(IBKR_RUNTIME);
    // Cut the gateway socket first: nothing already queued may leave after this point.
    rt?.connection.stop();
    try {
      this.optional<OrdersEngine>(ORDERS_ENGINE)?.stop();
    } catch (e) {
      this.logger.warn(`order engine stop: ${(e as Error).message}`);
    }
    await this.optional<ContinuousScanService>(ContinuousScanService)
      ?.dispose()
      .catch(() => undefined);
    await rt?.stop().catch(() => undefined);
  }

  private async execute(kind: CommandKind, payload: unknown): Promise<unknown> {
    if (kind === 'call') {
      const p = payload as { name: string; args: unknown };
      return this.runCall(p.name, p.args);
    }
    return this.loopback(payload as HttpCommand);
  }

  private async runCall(name: string, args: unknown): Promise<unknown> {
    const fn = this.calls.get(name);
    if (!fn) throw new Error(`unknown session call ${name}`);
    return fn(args);
  }

  /** Carries out a forwarded request through this process's own HTTP stack: the same guards, pipes and answers. */
  private async loopback(cmd: HttpCommand): Promise<HttpReply> {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as { address(): AddressInfo | string | null } | undefined;
    const address = server?.address();
    if (!address || typeof address === 'string') throw new Error('the owner is not listening yet');
    const wildcard = ['0.0.0.0', '::', ''].includes(this.config.host);
    const host = wildcard || address.address === '::' ? '127.0.0.1' : address.address.includes(':') ? `[${address.address}]` : address.address;
    const res = await fetch(`http://${host}:${address.port}${cmd.path}`, {
      method: cmd.method,
      headers: { ...cmd.headers, [LOOPBACK_HEADER]: this.loopbackToken },
      body: cmd.body,
    });
    const headers: Record<string, string> = {};
    for (const h of REPLY_HEADERS) {
      const v = res.headers.get(h);
      if (v !== null) headers[h] = v;
    }
    return { status: res.status, headers, body: await res.text() };
  }

  private optional<T>(token: unknown): T | null {
    try {
      return this.moduleRef.get(token as never, { strict: false }) as T;
    } catch {
      return null;
    }
  }
}
