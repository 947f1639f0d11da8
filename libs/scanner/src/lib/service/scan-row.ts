/**
 * A result row as the API's thread holds it (ADR 0027). The scoring thread writes each changed row's JSON once, as
 * UTF-8 bytes in an ArrayBuffer of its own (`encodeRow`) that the reply transfers (ADR 0028: no copy, and the bytes
 * live outside the API thread's JavaScript heap, so its garbage collector neither copies nor marks them); the API's
 * thread keeps those bytes and, as plain properties, only the fields it reads on every publication or request: the
 * id, symbol, type, expiry, multiplier, quote time, the sort keys of the results API and the legs' contracts. Every
 * other field is parsed from the text on first read. A row sent to a client is written as its bytes (results pages)
 * or its text (`withRowText`, Socket.IO), verbatim, so a broad scan's changed rows are neither rebuilt as object graphs
 * on the API's thread nor serialised there again: that was most of the garbage its event loop collected under load.
 *
 * `ScanRow` is a `SpreadRow` to its readers (lazy fields are getters); `JSON.stringify` gives the same text as for the
 * plain row, and `toJSON()` the plain row. Structured clones and object spreads see only the plain properties: take
 * `toJSON()` first (nothing on the API's thread clones rows).
 */
import type { SpreadRow } from '@ibsc/shared-dto';
import type { OptionContract } from '../chain/option-chain';
import { SCAN_SORT_FIELDS, SPREAD_ROW_FIELDS } from './scan-results';

/** The fields kept as plain properties, in the order of `EncodedRow.eager`. */
const EAGER = ['id', 'symbol', 'type', 'expiry', 'multiplier', 'quoteTime', ...SCAN_SORT_FIELDS] as const satisfies readonly (keyof SpreadRow)[];
const EAGER_SET: ReadonlySet<string> = new Set(EAGER);

/** A row as the scoring thread sends it: its bytes (to transfer), a few strings and numbers. */
export interface EncodedRow {
  /** `JSON.stringify(row)` in UTF-8, alone in its ArrayBuffer (`rowTransfers` lists them for postMessage). */
  bytes: Uint8Array;
  /** The values of the eager fields, in their order. */
  eager: unknown[];
  /** The legs: short conId, strike, right, then the long leg's. */
  legs: [number | null, number, 'C' | 'P', number | null, number, 'C' | 'P'];
}

const utf8 = new TextEncoder();
const text = new TextDecoder();

export function encodeRow(row: SpreadRow): EncodedRow {
  const s = row.short;
  const l = row.long;
  return { bytes: utf8.encode(JSON.stringify(row)), eager: EAGER.map((f) => row[f]), legs: [s.conId, s.strike, s.right, l.conId, l.strike, l.right] };
}

/** The buffers to transfer with encoded rows (postMessage's transfer list): each row's bytes, moved, not copied. */
export function rowTransfers(rows: readonly EncodedRow[]): ArrayBuffer[] {
  return rows.map((r) => r.bytes.buffer as ArrayBuffer);
}

/** While `withRowText` runs: the texts of the rows JSON.stringify met, each written as MARK and its index. */
let pending: string[] | null = null;
const MARK = `\u0000row${Math.random().toString(36).slice(2, 10)}:`;
/** MARK as it appears inside JSON text (the NUL escaped), after the opening quote. */
const QUOTED_MARK = `"${JSON.stringify(MARK).slice(1, -1)}`;

// A ScanRow reads as a SpreadRow: the class declares its eager fields, this interface the rest (getters below).
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface ScanRow extends SpreadRow {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ScanRow {
  readonly #bytes: Uint8Array;
  readonly #legs: EncodedRow['legs'];
  #value: SpreadRow | undefined;

  constructor(encoded: EncodedRow) {
    this.#bytes = encoded.bytes;
    this.#legs = encoded.legs;
    const self = this as unknown as Record<string, unknown>;
    for (let i = 0; i < EAGER.length; i++) self[EAGER[i]] = encoded.eager[i];
  }

  /** The row's JSON in UTF-8, as the scoring thread wrote it (not to be modified). */
  get bytes(): Uint8Array {
    return this.#bytes;
  }

  /** The row's JSON text (decoded on every call: kept, it would be on the heap again). */
  get json(): string {
    return text.decode(this.#bytes);
  }

  /** The whole row as a plain object (parsed once, on first need). */
  value(): SpreadRow {
    return (this.#value ??= JSON.parse(this.json) as SpreadRow);
  }

  /** The legs' contracts, without parsing the row. */
  legContracts(): OptionContract[] {
    const [sc, ss, sr, lc, ls, lr] = this.#legs;
    return [
      { conId: sc, symbol: this.symbol, expiry: this.expiry, strike: ss, right: sr, multiplier: this.multiplier },
      { conId: lc, symbol: this.symbol, expiry: this.expiry, strike: ls, right: lr, multiplier: this.multiplier },
    ];
  }

  /** The plain row; inside `withRowText`, a placeholder for the row's text. */
  toJSON(): unknown {
    if (pending) return `${MARK}${pending.push(this.json) - 1}`;
    return this.value();
  }
}

for (const field of SPREAD_ROW_FIELDS) {
  if (EAGER_SET.has(field)) continue;
  Object.defineProperty(ScanRow.prototype, field, {
    get(this: ScanRow) {
      return this.value()[field];
    },
    enumerable: false,
    configurable: true,
  });
}

/**
 * The text `stringify` returns (something that calls JSON.stringify, e.g. a Socket.IO encoder), with every ScanRow it
 * met written as its JSON text, verbatim: the same text as with plain rows, without parsing or serialising them again.
 */
export function withRowText(stringify: () => string): string {
  if (pending) return stringify();
  const texts: string[] = [];
  pending = texts;
  let text: string;
  try {
    text = stringify();
  } finally {
    pending = null;
  }
  if (texts.length === 0) return text;
  const parts: string[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf(QUOTED_MARK, from);
    if (at < 0) break;
    const end = text.indexOf('"', at + QUOTED_MARK.length);
    parts.push(text.slice(from, at), texts[Number(text.slice(at + QUOTED_MARK.length, end))]);
    from = end + 1;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** `value` with every ScanRow in it (in arrays and plain objects, at any depth) replaced by its plain row. */
export function plainRows<T>(value: T): T {
  if (value instanceof ScanRow) return value.value() as T;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v = plainRows(value[i] as unknown);
      if (v !== value[i]) (out ??= [...value])[i] = v;
    }
    return (out ?? value) as T;
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let out: Record<string, unknown> | null = null;
    for (const [k, v] of Object.entries(value)) {
      const p = plainRows(v);
      if (p !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = p;
    }
    return (out ?? value) as T;
  }
  return value;
}
