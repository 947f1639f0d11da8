/**
 * The rows a trader sees, as legs to keep fresh (ADR 0017): the rows the clients said they show or selected
 * (`scan.visible`), then the top of the table. Validation of the ids is the API's; unknown ids are ignored here
 * (a row can leave the table between a client's message and its arrival).
 */
import { SCAN_VISIBLE_MAX_IDS, type SpreadRow } from '@ibsc/shared-dto';
import type { OptionContract } from '../chain/option-chain';
import { ScanRow } from './scan-row';

/** Rows of the top of the table kept on streaming lines besides those a client names. */
export const VISIBLE_TOP_ROWS = 20;
/** Most row ids a client may name at once (the wire contract's limit, shared with the console). */
export const MAX_VISIBLE_IDS = SCAN_VISIBLE_MAX_IDS;

export function legsOf(row: SpreadRow): OptionContract[] {
  if (row instanceof ScanRow) return row.legContracts();
  return [row.short, row.long].map((l) => ({ conId: l.conId, symbol: row.symbol, expiry: row.expiry, strike: l.strike, right: l.right, multiplier: row.multiplier }));
}

/**
 * Rows in priority order: the named rows first (in the order given; unknown ids skipped), then the top `top` rows as
 * ranked. The whole table is indexed only when rows are named and no lookup is given (it runs after every scoring).
 */
export function priorityRows(rows: readonly SpreadRow[], named: readonly string[], top: number, rowById?: (id: string) => SpreadRow | undefined): SpreadRow[] {
  const byId = rowById ?? (named.length ? ((m) => (id: string) => m.get(id))(new Map(rows.map((r) => [r.id, r]))) : () => undefined);
  const out: SpreadRow[] = [];
  for (const id of named) {
    const r = byId(id);
    if (r) out.push(r);
  }
  out.push(...rows.slice(0, top));
  return out;
}

/** Legs in priority order: named rows first (in the order given), then the top `top` rows as ranked. */
export function visibleLegs(rows: readonly SpreadRow[], named: readonly string[], top = VISIBLE_TOP_ROWS, rowById?: (id: string) => SpreadRow | undefined): OptionContract[] {
  return priorityRows(rows, named, top, rowById).flatMap(legsOf);
}
