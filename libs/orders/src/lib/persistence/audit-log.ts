import type { EntityManager } from 'typeorm';
import type { AuditAction } from './entities/audit-log.entity';

export interface AuditEntry {
  actor: string;
  action: AuditAction;
  orderId?: string | null;
  reason?: string | null;
  before?: object | null;
  after?: object | null;
}

/** Appends one row to the audit log, inside the caller's transaction (so it commits or rolls back with the change). */
export async function appendAudit(em: EntityManager, at: Date, e: AuditEntry): Promise<void> {
  await em.query(`INSERT INTO order_audit_log (at, actor, action, order_id, reason, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    at,
    e.actor,
    e.action,
    e.orderId ?? null,
    e.reason ?? null,
    e.before ? JSON.stringify(e.before) : null,
    e.after ? JSON.stringify(e.after) : null,
  ]);
}

/** PostgreSQL SQLSTATE 23505, optionally on one named constraint/index. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: unknown; constraint?: unknown; driverError?: { code?: unknown; constraint?: unknown } } | null;
  const code = err?.code ?? err?.driverError?.code;
  const name = err?.constraint ?? err?.driverError?.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}
