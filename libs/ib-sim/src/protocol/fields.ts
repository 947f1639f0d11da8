/**
 * Text-field encoding of the TWS API (V100+ framing carries `\0`-terminated text fields).
 * See shared research tws-protocol.md §1.4 for the value rules.
 */
export type OutField = string | number | boolean | null | undefined;

/** Max double as TWS sends it for "unset" (UNSET_DOUBLE). */
export const UNSET_DOUBLE = Number.MAX_VALUE;
/** 2^31 - 1, TWS's UNSET_INTEGER. */
export const UNSET_INTEGER = 2147483647;

/** Encodes one outgoing value: booleans as 1/0, null/undefined as empty, numbers in plain decimal. */
export function encodeField(v: OutField): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    return String(v);
  }
  return v;
}

/** Sequential reader over the fields of one incoming message (the message id already consumed or not). */
export class FieldReader {
  private pos = 0;

  constructor(private readonly fields: readonly string[]) {}

  get remaining(): number {
    return this.fields.length - this.pos;
  }

  get position(): number {
    return this.pos;
  }

  str(): string {
    if (this.pos >= this.fields.length) throw new ProtocolError(`message too short: wanted field ${this.pos}`);
    return this.fields[this.pos++];
  }

  int(): number {
    const s = this.str();
    if (s === '') return 0;
    const n = Number.parseInt(s, 10);
    if (Number.isNaN(n)) throw new ProtocolError(`field ${this.pos - 1}: not an integer: ${JSON.stringify(s)}`);
    return n;
  }

  /** Integer where empty means "unset" (returns undefined). */
  intMax(): number | undefined {
    const s = this.str();
    if (s === '') return undefined;
    const n = Number.parseInt(s, 10);
    if (Number.isNaN(n)) throw new ProtocolError(`field ${this.pos - 1}: not an integer: ${JSON.stringify(s)}`);
    return n === UNSET_INTEGER ? undefined : n;
  }

  float(): number {
    const s = this.str();
    if (s === '') return 0;
    const n = Number(s);
    if (Number.isNaN(n)) throw new ProtocolError(`field ${this.pos - 1}: not a number: ${JSON.stringify(s)}`);
    return n;
  }

  /** Float where empty or UNSET_DOUBLE means "unset" (returns undefined). */
  floatMax(): number | undefined {
    const s = this.str();
    if (s === '') return undefined;
    const n = Number(s);
    if (Number.isNaN(n)) throw new ProtocolError(`field ${this.pos - 1}: not a number: ${JSON.stringify(s)}`);
    return n >= UNSET_DOUBLE ? undefined : n;
  }

  bool(): boolean {
    return this.int() !== 0;
  }

  skip(n = 1): void {
    for (let i = 0; i < n; i++) this.str();
  }

  rest(): string[] {
    const r = this.fields.slice(this.pos);
    this.pos = this.fields.length;
    return r;
  }
}

export class ProtocolError extends Error {}
