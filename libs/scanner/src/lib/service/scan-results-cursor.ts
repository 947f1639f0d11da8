/** The keyset cursor of GET /scan/results (ADR 0019): opaque to clients, base64url JSON. */
import { SPREAD_TYPES, type SpreadType } from '@ibsc/shared-dto';

export interface ResultsCursor {
  /** The seq of the page that issued it. */
  seq: number;
  sort: string & keyof SortableRow;
  order: 'asc' | 'desc';
  /** Sort value and id of the last row returned. */
  value: number | null;
  id: string;
  symbols?: readonly string[];
  types?: readonly SpreadType[];
}

/** Kept structural here to avoid a cycle with scan-results.ts; the values are checked by `decodeResultsCursor`. */
type SortableRow = Record<
  'score' | 'pop' | 'popDelta' | 'touch' | 'expectedValue' | 'returnOnRisk' | 'creditToWidth' | 'maxProfit' | 'maxLoss' |
  'expectedFill' | 'netMid' | 'width' | 'dte' | 'quoteAgeMs' | 'ivRank' | 'ivPercentile',
  number | null
>;

export function encodeResultsCursor(c: ResultsCursor): string {
  const body: unknown[] = [1, c.seq, `${c.sort}:${c.order}`, c.value, c.id, c.symbols ?? [], c.types ?? []];
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** The cursor, or null when the text is not one this API issued (the caller answers 400). */
export function decodeResultsCursor(text: string, sortFields: readonly string[]): ResultsCursor | null {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(body) || body.length !== 7 || body[0] !== 1) return null;
  const [, seq, sortText, value, id, symbols, types] = body as unknown[];
  if (!Number.isSafeInteger(seq) || (seq as number) < 0 || typeof sortText !== 'string' || typeof id !== 'string') return null;
  const [sort, order] = sortText.split(':');
  if (!sortFields.includes(sort) || (order !== 'asc' && order !== 'desc')) return null;
  if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) return null;
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.length <= 100 && v.every((s) => typeof s === 'string' && /^[A-Z0-9.]{1,12}$/.test(s));
  if (!strings(symbols)) return null;
  if (!Array.isArray(types) || !types.every((t) => (SPREAD_TYPES as readonly unknown[]).includes(t))) return null;
  return {
    seq: seq as number,
    sort: sort as ResultsCursor['sort'],
    order,
    value: value as number | null,
    id,
    ...(symbols.length ? { symbols } : {}),
    ...(types.length ? { types: types as SpreadType[] } : {}),
  };
}
