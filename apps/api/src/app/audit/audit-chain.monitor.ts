import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AUDIT_CHAIN_START, verifyAuditChain, type AuditChainBreak, type AuditChainCursor, type AuditChainReport, type AuditSql } from '@ibsc/orders';
import { Counter, Gauge, register, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG, CLOCK, type NowFn } from '../config/config.tokens';
import type { DatabaseRoleStatus } from '../database/app-role';

export const DATABASE_ROLES = Symbol('DATABASE_ROLES');

/** The rolling verification's state, as the health check and the endpoint show it. */
export interface AuditChainState {
  /** false once a break was found; true again only after a whole pass finds none. */
  ok: boolean;
  /** Rows verified by this replica since it started (all passes). */
  rowsVerified: number;
  /** End of the last whole pass from the first row to the chain head (ISO), null before the first. */
  lastPassAt: string | null;
  broken: AuditChainBreak | null;
}

function once<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

function metrics(registry: Registry = register) {
  const registers = [registry];
  return {
    ok: once(registry, 'api_audit_chain_ok', () => new Gauge({ name: 'api_audit_chain_ok', help: '1 while the audit log hash chain verifies intact, 0 once a changed or removed row is found (ADR 0013)', registers })),
    rows: once(registry, 'api_audit_chain_rows_verified_total', () => new Counter({ name: 'api_audit_chain_rows_verified_total', help: 'Audit log rows whose hash and link this replica verified (rolling passes)', registers })),
    lastPass: once(
      registry,
      'api_audit_chain_last_pass_timestamp_seconds',
      () => new Gauge({ name: 'api_audit_chain_last_pass_timestamp_seconds', help: 'End of the last whole verification pass over the audit log, Unix seconds (0 before the first)', registers }),
    ),
    separated: once(
      registry,
      'api_database_role_separated',
      () => new Gauge({ name: 'api_database_role_separated', help: '1 when the app runs as a database role that owns nothing and may only append to the audit log, else 0', registers }),
    ),
  };
}

/**
 * Verifies the audit log's hash chain (ADR 0013) every AUDIT_VERIFY_INTERVAL_MS, at most AUDIT_VERIFY_MAX_ROWS rows a
 * time, continuing where the last stretch stopped and starting over from the first row after reaching the head:
 * a rolling pass that sees new rows within one interval and old ones within (rows ÷ max rows) intervals.
 */
@Injectable()
export class AuditChainMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('audit');
  private readonly m = metrics();
  private cursor: AuditChainCursor = AUDIT_CHAIN_START;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private state: AuditChainState = { ok: true, rowsVerified: 0, lastPassAt: null, broken: null };

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly now: NowFn,
    @Inject(DATABASE_ROLES) readonly roles: DatabaseRoleStatus,
  ) {
    this.m.ok.set(1);
    this.m.rows.inc(0);
    this.m.separated.set(roles.roleSeparated ? 1 : 0);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.auditVerifyIntervalMs);
    this.timer.unref();
    void this.tick();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  status(): AuditChainState {
    return { ...this.state };
  }

  private readonly sql: AuditSql = (q, p) => this.db.query(q, p);

  /** One bounded stretch of the rolling pass (the timer's step; tests call it to step without waiting). */
  tick(): Promise<void> {
    this.running ??= this.step().finally(() => (this.running = null));
    return this.running;
  }

  private async step(): Promise<void> {
    let r: AuditChainReport;
    try {
      r = await verifyAuditChain(this.sql, { from: this.cursor, maxRows: this.config.auditVerifyMaxRows });
    } catch (e) {
      this.log.warn({ msg: 'audit chain verification could not run', error: (e as Error).message });
      return;
    }
    this.record(r);
    this.cursor = r.complete || r.broken ? AUDIT_CHAIN_START : r.cursor;
  }

  /** A whole pass now (the endpoint), without moving the rolling cursor. */
  async verifyAll(): Promise<AuditChainReport> {
    const r = await verifyAuditChain(this.sql);
    this.record(r);
    return r;
  }

  /** A walk that completes without a break ends a whole clean pass: every walk after a break starts at the first row. */
  private record(r: AuditChainReport): void {
    this.state.rowsVerified += r.rowsChecked;
    this.m.rows.inc(r.rowsChecked);
    if (r.broken) {
      if (this.state.broken?.id !== r.broken.id || this.state.ok) this.log.error({ msg: 'audit chain broken: the audit log was changed', ...r.broken });
      this.state = { ...this.state, ok: false, broken: r.broken };
      this.m.ok.set(0);
      return;
    }
    if (r.complete) {
      this.state = { ...this.state, ok: true, broken: null, lastPassAt: this.now().toISOString() };
      this.m.ok.set(1);
      this.m.lastPass.set(this.now().getTime() / 1000);
    }
  }
}
