/** Validation of the control endpoint's JSON bodies; a bad field gives a 400 that names it. */
export class ControlInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Bounds checked by `number` / `optionalNumber` (a value outside gets a 400 naming the field). */
export interface NumberRange {
  min?: number;
  max?: number;
  integer?: boolean;
}

export interface ControlBody {
  symbol(): string;
  number(field: string, range?: NumberRange): number;
  optionalNumber(field: string, range?: NumberRange): number | undefined;
  boolean(field: string): boolean;
  optionalBoolean(field: string): boolean | undefined;
  optionalString(field: string): string | undefined;
  enum<T extends string>(field: string, allowed: readonly T[]): T;
  optionalEnum<T extends string>(field: string, allowed: readonly T[]): T | undefined;
  /** Epoch ms from a number or an ISO date string. */
  time(field: string): number;
}

export function parseControlBody(text: string): ControlBody {
  let obj: Record<string, unknown> = {};
  if (text.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ControlInputError('body', 'body must be JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ControlInputError('body', 'body must be a JSON object');
    }
    obj = parsed as Record<string, unknown>;
  }
  const has = (f: string): boolean => obj[f] !== undefined && obj[f] !== null;
  const body: ControlBody = {
    symbol() {
      const v = obj['symbol'];
      if (typeof v !== 'string' || !/^[A-Za-z.*]{1,10}$/.test(v)) {
        throw new ControlInputError('symbol', 'symbol must be a ticker such as "SPY" (or "*" where allowed)');
      }
      return v.toUpperCase();
    },
    number(f, range = {}) {
      const v = obj[f];
      const kind = range.integer ? 'an integer' : 'a number';
      const bounds =
        range.min !== undefined && range.max !== undefined
          ? ` from ${range.min} to ${range.max}`
          : range.min !== undefined
            ? ` ≥ ${range.min}`
            : range.max !== undefined
              ? ` ≤ ${range.max}`
              : '';
      const ok =
        typeof v === 'number' &&
        Number.isFinite(v) &&
        (!range.integer || Number.isInteger(v)) &&
        (range.min === undefined || v >= range.min) &&
        (range.max === undefined || v <= range.max);
      if (!ok) throw new ControlInputError(f, `${f} must be ${kind}${bounds}`);
      return v;
    },
    optionalNumber: (f, range) => (has(f) ? body.number(f, range) : undefined),
    boolean(f) {
      const v = obj[f];
      if (typeof v !== 'boolean') throw new ControlInputError(f, `${f} must be true or false`);
      return v;
    },
    optionalBoolean: (f) => (has(f) ? body.boolean(f) : undefined),
    optionalString(f) {
      if (!has(f)) return undefined;
      const v = obj[f];
      if (typeof v !== 'string') throw new ControlInputError(f, `${f} must be a string`);
      return v;
    },
    enum(f, allowed) {
      const v = obj[f];
      if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
        throw new ControlInputError(f, `${f} must be one of ${allowed.join(', ')}`);
      }
      return v as (typeof allowed)[number];
    },
    optionalEnum: (f, allowed) => (has(f) ? body.enum(f, allowed) : undefined),
    time(f) {
      const v = obj[f];
      const t = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
      if (!Number.isFinite(t)) throw new ControlInputError(f, `${f} must be epoch milliseconds or an ISO date`);
      return t;
    },
  };
  return body;
}

/** Query parameters of the GET routes; a bad one gets a 400 naming it. */
export interface ControlQuery {
  /** `clientIds=1,101`: integers separated by commas; undefined when absent. */
  clientIds(): number[] | undefined;
  /** `limit=N`: an integer from 0 to 10000; `def` when absent. */
  limit(def: number): number;
}

export function parseControlQuery(text: string): ControlQuery {
  const q = new URLSearchParams(text);
  return {
    clientIds() {
      const v = q.get('clientIds');
      if (v === null) return undefined;
      if (!/^\d{1,10}(,\d{1,10})*$/.test(v.replace(/\s+/g, ''))) {
        throw new ControlInputError('clientIds', 'clientIds must be client ids (integers ≥ 0) separated by commas, e.g. 1,101');
      }
      return v.replace(/\s+/g, '').split(',').map(Number);
    },
    limit(def) {
      const v = q.get('limit');
      if (v === null) return def;
      if (!/^\d{1,5}$/.test(v) || Number(v) > 10_000) {
        throw new ControlInputError('limit', 'limit must be an integer from 0 to 10000');
      }
      return Number(v);
    },
  };
}
