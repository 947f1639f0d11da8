import { AUDIT_GENESIS_HASH } from './migrations/1765200000000-audit-chain';

export { AUDIT_GENESIS_HASH };

/** Runs one SQL statement (TypeORM's `DataSource.query`, or a pg client wrapped to return its rows). */
export type AuditSql = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** Where a verification stopped: the last row found intact (id 0 and the genesis hash before the first row). */
export interface AuditChainCursor {
  lastId: string;
  lastHash: string;
}

export const AUDIT_CHAIN_START: AuditChainCursor = { lastId: '0', lastHash: AUDIT_GENESIS_HASH };

export type AuditChainBreakKind = 'content_changed' | 'link_broken' | 'head_mismatch';

/** The first row found broken, with why. */
export interface AuditChainBreak {
  id: string;
  kind: AuditChainBreakKind;
  detail: string;
}

export interface AuditChainReport {
  /** No break found in the rows checked (and, when `complete`, the log ends where the chain head says). */
  ok: boolean;
  /** Rows checked by this call. */
  rowsChecked: number;
  /** The last intact row: where the next incremental call continues. */
  cursor: AuditChainCursor;
  /** The walk reached the chain head (false: stopped at `maxRows`, call again from `cursor`). */
  complete: boolean;
  /** The chain head as read when the walk started: the newest row, its hash and the rows appended in all. */
  head: { lastId: string; lastHash: string; rows: string };
  broken: AuditChainBreak | null;
}

export interface VerifyAuditChainOptions {
  /** Continue after this row (default: from the first row). */
  from?: AuditChainCursor;
  /** Stop after this many rows (default: no limit). */
  maxRows?: number;
  /** Rows read per query (default 2000). */
  batch?: number;
}

/**
 * Walks the hash-chained audit log (ADR 0013) in id order: each row's `prev_hash` must be the previous row's `hash`
 * (else a row before it was changed or removed), and its `hash` must be the hash of its content recomputed by
 * `order_audit_row_hash` (else the row was changed). At the end the log must end at the chain head's row (else rows
 * were removed from the end, or the head rewritten). Read-only; rows appended meanwhile are left to the next call.
 */
export async function verifyAuditChain(sql: AuditSql, options: VerifyAuditChainOptions = {}): Promise<AuditChainReport> {
  const [h] = await sql(`SELECT last_id::text AS last_id, last_hash, row_count::text AS row_count FROM order_audit_chain WHERE id = 1`);
  if (!h) throw new Error('order_audit_chain has no head row: run the migrations');
  const head = { lastId: String(h['last_id']), lastHash: String(h['last_hash']), rows: String(h['row_count']) };
  const batch = Math.max(1, options.batch ?? 2000);
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  let cursor = { ...(options.from ?? AUDIT_CHAIN_START) };
  let rowsChecked = 0;
  const report = (complete: boolean, broken: AuditChainBreak | null): AuditChainReport => ({ ok: broken === null, rowsChecked, cursor, complete, head, broken });
  while (rowsChecked < maxRows) {
    const limit = Math.min(batch, maxRows - rowsChecked);
    const rows = await sql(
      `SELECT id::text AS id, prev_hash, hash,
              order_audit_row_hash(prev_hash, id, at, actor, action, order_id, reason, before, after) AS expected
         FROM order_audit_log l WHERE l.id > $1::bigint AND l.id <= $2::bigint ORDER BY l.id LIMIT $3`,
      [cursor.lastId, head.lastId, limit],
    );
    for (const r of rows) {
      const id = String(r['id']);
      if (r['prev_hash'] !== cursor.lastHash) {
        const previous = cursor.lastId === '0' ? 'the genesis hash' : `the hash of row ${cursor.lastId}`;
        return report(false, { id, kind: 'link_broken', detail: `row ${id}: prev_hash is not ${previous} (a row before it was changed or removed)` });
      }
      if (r['hash'] !== r['expected']) {
        return report(false, { id, kind: 'content_changed', detail: `row ${id}: its content does not match its hash (the row was changed)` });
      }
      cursor = { lastId: id, lastHash: String(r['hash']) };
      rowsChecked++;
    }
    if (rows.length < limit) break;
  }
  if (rowsChecked >= maxRows && cursor.lastId !== head.lastId) return report(false, null);
  if (cursor.lastId !== head.lastId || cursor.lastHash !== head.lastHash) {
    return report(true, {
      id: head.lastId,
      kind: 'head_mismatch',
      detail: `the chain head records row ${head.lastId}, the log ends intact at row ${cursor.lastId} (rows removed from the end, or the head rewritten)`,
    });
  }
  return report(true, null);
}
