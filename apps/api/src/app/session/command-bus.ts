/**
 * Commands from any replica to the session owner through PostgreSQL (ADR 0010): a row in `session_commands`, NOTIFY
 * ibsc_cmd; the owner claims it (pending → running, stamped with its epoch), executes it, stores the result and
 * NOTIFY ibsc_reply; the sender reads and deletes the row. A poll backs up the notifications.
 *
 * Exactly once: a command runs only after one owner claimed it. A sender that waited `timeoutMs` for a claim marks
 * it abandoned in the same conditional UPDATE the owner's claim uses, so it either runs or is abandoned, never
 * both; a claimed command whose owner dies is answered "outcome unknown" (retry with the same Idempotency-Key:
 * the order row, committed before transmission, makes the retry a replay).
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DATABASE_RETRY_AFTER_SEC } from '../common/api-exception.filter';
import type { SessionLease } from './session-lease';

export const COMMAND_CHANNEL = 'ibsc_cmd';
export const REPLY_CHANNEL = 'ibsc_reply';

export type CommandKind = 'http' | 'call';

/** No owner now (fail-over in progress), or none took the command in time: nothing was done. */
export class NoOwnerError extends Error {
  readonly retryAfterSec = 1;
}

/** The database cannot be reached: nobody can tell who owns the session, nothing was done. */
export class DatabaseUnreachableError extends Error {
  readonly retryAfterSec = DATABASE_RETRY_AFTER_SEC;
}

/** The owner took the command and was lost before answering: it may or may not have been carried out. */
export class CommandOutcomeUnknownError extends Error {
  readonly retryAfterSec = 1;
}

export interface CommandHandler {
  (kind: CommandKind, payload: unknown): Promise<unknown>;
}

export interface CommandBusOptions {
  timeoutMs: number;
  pollMs?: number;
  log: { warn(m: string): void; error(m: string): void };
  count?: (kind: CommandKind, outcome: 'done' | 'no_owner' | 'abandoned' | 'unknown' | 'failed') => void;
}

interface CommandRow {
  status: 'pending' | 'running' | 'done' | 'abandoned';
  epoch: string | null;
  result: { ok: true; value: unknown } | { ok: false; error: string } | null;
}

export class CommandBus {
  private readonly waiters = new Map<string, () => void>();
  private serving: { epoch: number; handler: CommandHandler } | null = null;
  private janitor: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly lease: SessionLease,
    private readonly o: CommandBusOptions,
  ) {
    lease.on('notification', (n) => {
      if (n.channel === REPLY_CHANNEL) this.waiters.get(n.payload)?.();
      else if (n.channel === COMMAND_CHANNEL && this.serving) void this.claim(n.payload, this.serving);
    });
  }

  // ------------------------------------------------------------------ sender (any replica)

  async send(kind: CommandKind, payload: unknown): Promise<unknown> {
    const owner = await this.lease.ownerNow().catch(() => null);
    if (owner === null) {
      this.o.count?.(kind, 'no_owner');
      throw new DatabaseUnreachableError('the database is unavailable; retry shortly');
    }
    if (!owner.held || !owner.row.owner) {
      this.o.count?.(kind, 'no_owner');
      throw new NoOwnerError('no replica owns the IB session right now (fail-over in progress); nothing was done, retry shortly');
    }
    const id = randomUUID();
    let wake: () => void = () => undefined;
    this.waiters.set(id, () => wake());
    try {
      await this.db.query(
        `WITH c AS (INSERT INTO session_commands (id, kind, payload, origin) VALUES ($1, $2, $3, $4) RETURNING id)
         SELECT pg_notify('${COMMAND_CHANNEL}', id::text) FROM c`,
        [id, kind, JSON.stringify(payload), this.lease.replicaId],
      );
      const started = Date.now();
      const pollMs = this.o.pollMs ?? 250;
      for (;;) {
        const row = await this.read(id);
        if (row?.status === 'done' && row.result) {
          await this.db.query(`DELETE FROM session_commands WHERE id = $1`, [id]);
          if (!row.result.ok) {
            this.o.count?.(kind, 'failed');
            throw new Error(row.result.error);
          }
          this.o.count?.(kind, 'done');
          return row.result.value;
        }
        const waited = Date.now() - started;
        if (row?.status === 'pending' && waited >= this.o.timeoutMs) {
          const r: unknown[] = await this.db.query(`UPDATE session_commands SET status = 'abandoned', finished_at = now() WHERE id = $1 AND status = 'pending' RETURNING id`, [id]);
          if (firstRows(r).length > 0) {
            this.o.count?.(kind, 'abandoned');
            throw new NoOwnerError(`the session owner did not take the command within ${this.o.timeoutMs} ms; nothing was done, retry shortly`);
          }
          continue;
        }
        if (row?.status === 'running' && (waited >= this.o.timeoutMs * 2 || (await this.ownerChanged(row)))) {
          this.o.count?.(kind, 'unknown');
          throw new CommandOutcomeUnknownError(
            'the session owner was lost while carrying out the command: it may or may not have taken effect; retry with the same Idempotency-Key (an order is never sent twice)',
          );
        }
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    } finally {
      this.waiters.delete(id);
    }
  }

  // ------------------------------------------------------------------ owner

  /** Starts executing commands (the owner, with its epoch), including those sent while nobody owned the session. */
  async serve(epoch: number, handler: CommandHandler): Promise<void> {
    this.serving = { epoch, handler };
    const pending: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM session_commands WHERE status = 'pending' AND created_at > now() - make_interval(secs => $1) ORDER BY created_at`,
      [this.o.timeoutMs / 1000],
    );
    for (const p of pending) void this.claim(p.id, this.serving);
    this.janitor = setInterval(() => void this.sweep(), 60_000);
    this.janitor.unref?.();
  }

  stopServing(): void {
    this.serving = null;
    if (this.janitor) clearInterval(this.janitor);
    this.janitor = null;
  }

  private async claim(id: string, s: { epoch: number; handler: CommandHandler }): Promise<void> {
    let claimed: Array<{ kind: CommandKind; payload: unknown }>;
    try {
      claimed = firstRows(
        await this.db.query(`UPDATE session_commands SET status = 'running', epoch = $2, started_at = now() WHERE id = $1 AND status = 'pending' RETURNING kind, payload`, [id, s.epoch]),
      ) as Array<{ kind: CommandKind; payload: unknown }>;
    } catch (e) {
      this.o.log.warn(`command ${id} not claimed: ${(e as Error).message}`);
      return;
    }
    const c = claimed[0];
    if (!c) return;
    let result: CommandRow['result'];
    try {
      result = { ok: true, value: await s.handler(c.kind, c.payload) };
    } catch (e) {
      result = { ok: false, error: (e as Error).message };
    }
    try {
      await this.db.query(
        `WITH u AS (UPDATE session_commands SET status = 'done', result = $3, finished_at = now() WHERE id = $1 AND epoch = $2 RETURNING id)
         SELECT pg_notify('${REPLY_CHANNEL}', id::text) FROM u`,
        [id, s.epoch, JSON.stringify(result)],
      );
    } catch (e) {
      this.o.log.error(`command ${id} done but its answer was not stored: ${(e as Error).message}`);
    }
  }

  private async read(id: string): Promise<CommandRow | null> {
    const rows: CommandRow[] = await this.db.query(`SELECT status, epoch, result FROM session_commands WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  private async ownerChanged(row: CommandRow): Promise<boolean> {
    const now = await this.lease.ownerNow().catch(() => null);
    return !now?.held || String(now.row.epoch) !== String(row.epoch);
  }

  private async sweep(): Promise<void> {
    await this.db
      .query(`DELETE FROM session_commands WHERE created_at < now() - interval '10 minutes' AND status IN ('done', 'abandoned', 'running')`)
      .catch((e: Error) => this.o.log.warn(`command table sweep: ${e.message}`));
  }
}

/** TypeORM returns [rows, count] for UPDATE … RETURNING on PostgreSQL, rows for SELECT. */
function firstRows(r: unknown): unknown[] {
  if (Array.isArray(r) && r.length === 2 && Array.isArray(r[0]) && typeof r[1] === 'number') return r[0];
  return Array.isArray(r) ? r : [];
}
