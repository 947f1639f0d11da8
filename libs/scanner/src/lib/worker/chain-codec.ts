/**
 * An OptionChain as one Float64Array plus small per-slice metadata, for the scoring worker (issue 17, results p99):
 * posting a 10k-option chain as objects costs 7–18 ms of main-thread serialization (structuredClone, which also
 * deserializes, 18–38 ms), the stall the worker is there to remove; this encoding is one tight loop into one
 * preallocated array whose buffer is transferred (zero copy): about 0.3 ms, posting included.
 *
 * Layout of `numbers`, slice after slice: the slice's strikes (unless the slice shares its strikes array with an
 * earlier one, as chainFromDefinition's slices of one definition often do), then a record of SLOT numbers per call
 * slot and then per put slot: the quote (quote-columns.ts: ten nullable fields, quoteTime; a null is a mask bit, so a
 * real NaN survives), the conId, and a flags word (the quote's null mask, no quote, no option, null conId, contract
 * carried as an override). The underlying and the rate travel as they are (small: ivHistory is at most 252 numbers).
 *
 * Contracts are not written: an option's contract is rebuilt from its slice's template (the symbol, expiry,
 * multiplier and trading class, present or absent, of the slice's first option), the slot's strike and side and the
 * conId column. A contract that does not fit (another strike than strikes[i], another symbol, a tradingClass key
 * holding undefined, …) travels whole in `overrides`, so the round trip is exact: decodeChain(encodeChain(c)) deep-
 * equals c (strictly: absent keys stay absent). Fields outside the model's types (extra keys) are not carried.
 */
import type { ChainOption, ExpirySlice, OptionChain, OptionContract, UnderlyingSnapshot } from '../chain/option-chain';
import type { OptionRight } from '../math/black-scholes';
import { readStrikes, sharedStrikes, strikeNumbers, writeExpiryHead, type EncodedExpiryHead } from './expiry-head';
import { QUOTE_NULL_BITS, QUOTE_WIDTH, readQuote, writeQuote } from './quote-columns';

/** Numbers per option slot: the quote, the conId, the flags. */
const SLOT = QUOTE_WIDTH + 2;
const CON_ID = QUOTE_WIDTH;
const FLAGS = QUOTE_WIDTH + 1;
/** Flags above the quote's null mask (bits 0–9). */
const NO_QUOTE = 1 << 10;
const NO_OPTION = 1 << 11;
const NULL_CON_ID = 1 << 12;
const OVERRIDE = 1 << 13;

/** The contract fields a slice's options share; tradingClass null: the key is absent. */
export interface ContractTemplate {
  symbol: string;
  expiry: string;
  multiplier: number;
  tradingClass: string | null;
}

export interface EncodedSlice extends EncodedExpiryHead {
  /** Offsets of the first call and put records, and the number of slots of each side. */
  callsAt: number;
  calls: number;
  putsAt: number;
  puts: number;
  /** From the slice's first option; null when it has none. */
  template: ContractTemplate | null;
}

/** Structured-cloneable; `numbers` is meant to be transferred. */
export interface EncodedChain {
  underlying: UnderlyingSnapshot;
  rate: number;
  slices: EncodedSlice[];
  numbers: Float64Array<ArrayBuffer>;
  /** The contracts that do not fit their slice's template, in record order. */
  overrides: OptionContract[];
}

export function encodeChain(chain: OptionChain): { encoded: EncodedChain; transfer: ArrayBuffer[] } {
  const expiries = chain.expiries;
  const same = sharedStrikes(expiries);
  const size = strikeNumbers(expiries, same) + expiries.reduce((n, e) => n + (e.calls.length + e.puts.length) * SLOT, 0);
  const numbers = new Float64Array(size);
  const slices: EncodedSlice[] = [];
  const overrides: OptionContract[] = [];
  let at = 0;
  for (let k = 0; k < expiries.length; k++) {
    const e = expiries[k];
    const strikes = e.strikes;
    const written = writeExpiryHead(numbers, at, e, k, same, slices);
    at = written.at;
    const template = templateOf(e);
    const callsAt = at;
    at = writeSide(numbers, at, e.calls, strikes, 'C', template, overrides);
    const putsAt = at;
    at = writeSide(numbers, at, e.puts, strikes, 'P', template, overrides);
    slices.push({ ...written.head, callsAt, calls: e.calls.length, putsAt, puts: e.puts.length, template });
  }
  return { encoded: { underlying: chain.underlying, rate: chain.rate, slices, numbers, overrides }, transfer: [numbers.buffer] };
}

export function decodeChain(encoded: EncodedChain): OptionChain {
  const { numbers, overrides } = encoded;
  let nextOverride = 0;
  const side = (at: number, n: number, strikes: readonly number[], right: OptionRight, t: ContractTemplate | null): Array<ChainOption | null> => {
    const out = new Array<ChainOption | null>(n);
    for (let i = 0; i < n; i++, at += SLOT) {
      const flags = numbers[at + FLAGS];
      if (flags & NO_OPTION) {
        out[i] = null;
        continue;
      }
      const conId = flags & NULL_CON_ID ? null : numbers[at + CON_ID];
      const contract = flags & OVERRIDE || t === null ? overrides[nextOverride++] : fromTemplate(t, conId, strikes[i], right);
      out[i] = { contract, quote: flags & NO_QUOTE ? null : readQuote(numbers, at, flags & QUOTE_NULL_BITS) };
    }
    return out;
  };
  const expiries: ExpirySlice[] = [];
  for (const s of encoded.slices) {
    const strikes = readStrikes(numbers, s, expiries);
    const calls = side(s.callsAt, s.calls, strikes, 'C', s.template);
    const puts = side(s.putsAt, s.puts, strikes, 'P', s.template);
    const slice: ExpirySlice = { expiry: s.expiry, expiresAt: s.expiresAt, strikes, calls, puts };
    if ('style' in s) slice.style = s.style;
    expiries.push(slice);
  }
  return { underlying: encoded.underlying, rate: encoded.rate, expiries };
}

function templateOf(e: ExpirySlice): ContractTemplate | null {
  const o = e.calls.find((x) => x !== null) ?? e.puts.find((x) => x !== null);
  if (!o) return null;
  const c = o.contract;
  return { symbol: c.symbol, expiry: c.expiry, multiplier: c.multiplier, tradingClass: typeof c.tradingClass === 'string' ? c.tradingClass : null };
}

/** The slot records of one side from `at`; returns the offset after them. The hot loop: no allocation. */
function writeSide(
  numbers: Float64Array,
  at: number,
  opts: ReadonlyArray<ChainOption | null>,
  strikes: readonly number[],
  right: OptionRight,
  t: ContractTemplate | null,
  overrides: OptionContract[],
): number {
  for (let i = 0; i < opts.length; i++, at += SLOT) {
    const o = opts[i];
    if (o === null) {
      numbers[at + FLAGS] = NO_OPTION;
      continue;
    }
    const q = o.quote;
    let flags = q === null ? NO_QUOTE : writeQuote(numbers, at, q);
    const c = o.contract;
    if (c.conId === null) flags |= NULL_CON_ID;
    else numbers[at + CON_ID] = c.conId;
    if (t === null || !fits(c, t, strikes[i], right)) {
      flags |= OVERRIDE;
      overrides.push(c);
    }
    numbers[at + FLAGS] = flags;
  }
  return at;
}

function fits(c: OptionContract, t: ContractTemplate, strike: number | undefined, right: OptionRight): boolean {
  return (
    Object.is(c.strike, strike) &&
    c.right === right &&
    c.symbol === t.symbol &&
    c.expiry === t.expiry &&
    c.multiplier === t.multiplier &&
    (t.tradingClass === null ? !('tradingClass' in c) : c.tradingClass === t.tradingClass) &&
    (c.conId === null || typeof c.conId === 'number')
  );
}

/** Key order as chainFromDefinition's (one object shape per class presence). */
function fromTemplate(t: ContractTemplate, conId: number | null, strike: number, right: OptionRight): OptionContract {
  return t.tradingClass === null
    ? { conId, symbol: t.symbol, expiry: t.expiry, strike, right, multiplier: t.multiplier }
    : { conId, symbol: t.symbol, expiry: t.expiry, strike, right, multiplier: t.multiplier, tradingClass: t.tradingClass };
}
