/**
 * Who owns the IB session (ADR 0010): a PostgreSQL advisory lock held on a dedicated connection, and a fencing epoch
 * bumped on every take-over in `ibsc_session`.
 *
 *   standby ── pg_try_advisory_lock every pollMs, and at once on NOTIFY ibsc_session ('released') ──► owner
 *   owner   ── keep-alive query every keepAliveMs; the connection failing or ending means ownership is lost at once
 *   owner   ── release(): stop → pg_advisory_unlock → NOTIFY ibsc_session, so a standby takes over in milliseconds
 *
 * PostgreSQL drops the lock with the connection, so an owner killed with SIGKILL (its socket closed by the kernel)
 * is replaced within one poll. The same connection carries LISTEN for the command bus (ibsc_cmd, ibsc_reply).
 */
import { EventEmitter } from 'node:events';
import { Client } from 'pg';

export const SESSION_LOCK_KEY: readonly [number, number] = [0x1b5c, 1];
export const SESSION_CHANNEL = 'ibsc_session';

export interface SessionRow {
  epoch: number;
  owner: string | null;
  acquiredAt: string | null;
  releasedAt: string | null;
  previousOwner: string | null;
  lastFailoverAt: string | null;
  failovers: number;
}

export interface Acquired {
  epoch: number;
  /** The previous owner was another replica (a fail-over or a hand-over), not this process's first start. */
  takeover: boolean;
  /** The previous owner released the lock (SIGTERM hand-over) rather than vanishing. */
  graceful: boolean;
  previousOwner: string | null;
}

export interface SessionLeaseEvents {
  acquired: [Acquired];
  lost: [string];
  notification: [{ channel: string; payload: string }];
  /** The dedicated connection is (re)connected: listeners may re-issue LISTEN. */
  connected: [];
}

export interface SessionLeaseOptions {
  databaseUrl: string;
  replicaId: string;
  pollMs: number;
  keepAliveMs: number;
  /** Extra channels to LISTEN on (the command bus). */
  channels: string[];
  log: { log(m: string): void; warn(m: string): void; error(m: string): void };
}

export class SessionLease extends EventEmitter<SessionLeaseEvents> {
  private client: Client | null = null;
  private owner = false;
  private epoch = 0;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private connecting: Promise<Client | null> | null = null;

  constructor(private readonly o: SessionLeaseOptions) {
    super();
  }

  get isOwner(): boolean {
    return this.owner;
  }

  get currentEpoch(): number {
    return this.epoch;
  }

  get replicaId(): string {
    return this.o.replicaId;
  }

  /** Connects and makes the first attempt (so a single process is the owner when start() resolves). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.tick();
    this.schedule();
  }

  /** The current row (any connection state: a fresh query on the dedicated connection). */
  async row(): Promise<SessionRow | null> {
    const c = await this.connection();
    if (!c) return null;
    return readRow(c);
  }

  /** Whether any process holds the lock now (pg_locks), and the row. */
  async ownerNow(): Promise<{ held: boolean; row: SessionRow } | null> {
    const c = await this.connection();
    if (!c) return null;
    const r = await c.query<{ held: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND objsubid = 2 AND granted
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS held`,
      [SESSION_LOCK_KEY[0], SESSION_LOCK_KEY[1]],
    );
    return { held: r.rows[0]?.held ?? false, row: (await readRow(c)) as SessionRow };
  }

  /** NOTIFY on the dedicated connection. */
  async notify(channel: string, payload: string): Promise<void> {
    const c = await this.connection();
    if (!c) throw new Error('session connection unavailable');
    await c.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  /** Graceful hand-over: unlock, record the release, and wake the standbys. Then stop. */
  async release(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const c = this.client;
    if (c && this.owner) {
      this.owner = false;
      try {
        await c.query(`UPDATE ibsc_session SET released_at = now() WHERE id = 1 AND epoch = $1`, [this.epoch]);
        await c.query('SELECT pg_advisory_unlock($1, $2)', [SESSION_LOCK_KEY[0], SESSION_LOCK_KEY[1]]);
        await c.query('SELECT pg_notify($1, $2)', [SESSION_CHANNEL, `released:${this.epoch}`]);
        this.o.log.log(`session released (epoch ${this.epoch}): a standby takes over`);
      } catch (e) {
        this.o.log.warn(`session release: ${(e as Error).message} (the lock goes with the connection)`);
      }
    }
    await this.close();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.close();
  }

  private async close(): Promise<void> {
    const c = this.client;
    this.client = null;
    if (c) await c.end().catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopped) return;
    const delay = this.owner ? this.o.keepAliveMs : this.o.pollMs;
    this.timer = setTimeout(() => void this.tick().finally(() => this.schedule()), delay);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      const c = await this.connection();
      if (!c) return;
      if (this.owner) {
        // Given up on (ownership lost) only short of the server's idle_session_timeout (5 periods, ≥ 5 s), which is what
        // lets a standby take over: a 1–3 s stall of a loaded event loop (GC, CPU) must not depose a healthy owner.
        await withTimeout(c.query('SELECT 1'), Math.max(4000, this.o.keepAliveMs * 4), 'keep-alive');
        return;
      }
      const got = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [SESSION_LOCK_KEY[0], SESSION_LOCK_KEY[1]]);
      if (!got.rows[0]?.ok) return;
      const before = await readRow(c);
      const me = this.o.replicaId;
      const takeover = before !== null && before.owner !== null && before.owner !== me;
      const graceful = takeover && before?.releasedAt !== null;
      const r = await c.query<{ epoch: string }>(
        `UPDATE ibsc_session SET epoch = epoch + 1, owner = $1, acquired_at = now(), released_at = NULL,
           previous_owner = CASE WHEN $2 THEN owner ELSE previous_owner END,
           last_failover_at = CASE WHEN $2 THEN now() ELSE last_failover_at END,
           failovers = failovers + CASE WHEN $2 THEN 1 ELSE 0 END
         WHERE id = 1 RETURNING epoch`,
        [me, takeover],
      );
      this.epoch = Number(r.rows[0]?.epoch ?? 0);
      this.owner = true;
      this.o.log.log(`session owner: this replica (${me}), epoch ${this.epoch}${takeover ? `, took over from ${before?.owner} (${graceful ? 'hand-over' : 'fail-over'})` : ''}`);
      this.emit('acquired', { epoch: this.epoch, takeover, graceful, previousOwner: takeover ? (before?.owner ?? null) : null });
    } catch (e) {
      this.connectionFailed(`session connection: ${(e as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  /** The dedicated connection, (re)connected on demand; null while the database is unreachable. */
  private connection(): Promise<Client | null> {
    if (this.client) return Promise.resolve(this.client);
    if (this.connecting) return this.connecting;
    this.connecting = this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<Client | null> {
    const c = new Client({ connectionString: this.o.databaseUrl, application_name: `ibsc-session:${this.o.replicaId}`.slice(0, 63), connectionTimeoutMillis: 5000, keepAlive: true });
    c.on('error', (e) => this.connectionFailed(`session connection error: ${e.message}`, c));
    c.on('end', () => this.connectionFailed('session connection ended', c));
    c.on('notification', (n) => this.emit('notification', { channel: n.channel, payload: n.payload ?? '' }));
    try {
      await c.connect();
      // A frozen or partitioned owner must not keep the lock: the server ends this session after a few silent
      // keep-alive periods (PostgreSQL ≥ 14), which releases the lock for a standby.
      await c.query(`SET idle_session_timeout = ${Math.max(5000, this.o.keepAliveMs * 5)}`);
      for (const ch of [SESSION_CHANNEL, ...this.o.channels]) await c.query(`LISTEN ${ch}`);
    } catch (e) {
      c.removeAllListeners('end');
      await c.end().catch(() => undefined);
      this.o.log.warn(`session connection: ${(e as Error).message}`);
      return null;
    }
    c.on('notification', (n) => {
      if (n.channel === SESSION_CHANNEL && !this.owner && !this.stopped) void this.tick();
    });
    this.client = c;
    this.emit('connected');
    return c;
  }

  private connectionFailed(why: string, c: Client | null = this.client): void {
    if (c !== this.client && c !== null) return;
    const dead = this.client;
    this.client = null;
    if (dead) {
      dead.removeAllListeners('end');
      void dead.end().catch(() => undefined);
    }
    if (this.owner) {
      // A lease that lost the session never takes it again: the process rejoins as a new replica (exit code 3).
      this.owner = false;
      this.stopped = true;
      if (this.timer) clearTimeout(this.timer);
      this.o.log.error(`session ownership lost: ${why}`);
      this.emit('lost', why);
    }
  }
}

async function readRow(c: Client): Promise<SessionRow | null> {
  const r = await c.query(
    `SELECT epoch, owner, acquired_at, released_at, previous_owner, last_failover_at, failovers FROM ibsc_session WHERE id = 1`,
  );
  const x = r.rows[0] as Record<string, unknown> | undefined;
  if (!x) return null;
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : null);
  return {
    epoch: Number(x['epoch']),
    owner: (x['owner'] as string | null) ?? null,
    acquiredAt: iso(x['acquired_at']),
    releasedAt: iso(x['released_at']),
    previousOwner: (x['previous_owner'] as string | null) ?? null,
    lastFailoverAt: iso(x['last_failover_at']),
    failovers: Number(x['failovers']),
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise<T>((_, reject) => {
      t = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]);
}
