/**
 * `scan.visible` (ADR 0017): each socket's visible/selected row ids, validated, merged across the sockets (the most
 * recently updated first) for the one scan. A bad message is answered with the field and what is allowed, never
 * thrown.
 */
import { MAX_VISIBLE_IDS } from '@ibsc/scanner';
import type { ScanVisibleReply } from '@ibsc/shared-dto';

/** `SYMBOL|YYYYMMDD|type|short/long`, as SpreadRow.id. */
const ROW_ID = /^[A-Z0-9.^-]{1,12}\|\d{8}\|(bull-call|bear-put|bull-put|bear-call)\|\d+(\.\d+)?\/\d+(\.\d+)?$/;

export function validateVisible(request: unknown): { ids: string[] } | Extract<ScanVisibleReply, { ok: false }> {
  const ids = (request as { ids?: unknown } | null | undefined)?.ids;
  if (typeof request !== 'object' || request === null || !Array.isArray(ids)) return { ok: false, field: 'ids', message: `ids must be an array of row ids (at most ${MAX_VISIBLE_IDS})` };
  if (ids.length > MAX_VISIBLE_IDS) return { ok: false, field: 'ids', message: `ids must hold at most ${MAX_VISIBLE_IDS} row ids, got ${ids.length}` };
  const extra = Object.keys(request).filter((k) => k !== 'ids');
  if (extra.length) return { ok: false, field: extra[0], message: `${extra[0]} is not allowed: the only field is ids` };
  const bad = ids.findIndex((id) => typeof id !== 'string' || !ROW_ID.test(id));
  if (bad >= 0) return { ok: false, field: `ids.${bad}`, message: `ids.${bad} must be a row id SYMBOL|YYYYMMDD|type|short/long (type bull-call, bear-put, bull-put or bear-call)` };
  return { ids: ids as string[] };
}

/** Per-socket lists, merged most recent first, duplicates dropped, at most MAX_VISIBLE_IDS. */
export class VisibleRowsBySocket {
  private readonly lists = new Map<string, string[]>();

  set(socket: string, ids: string[]): string[] {
    this.lists.delete(socket);
    if (ids.length) this.lists.set(socket, ids);
    return this.merged();
  }

  forget(socket: string): string[] | null {
    return this.lists.delete(socket) ? this.merged() : null;
  }

  merged(): string[] {
    const out = new Set<string>();
    for (const ids of [...this.lists.values()].reverse()) for (const id of ids) if (out.size < MAX_VISIBLE_IDS) out.add(id);
    return [...out];
  }
}
