/**
 * The pruning plan (score-pruning.ts `planQuotes`) as a request to the scoring worker and its reply (issue 17,
 * results p99). The main thread's cost is what matters: posting the inputs as they are took 2–4 ms (the ~10k
 * candidate objects nearly all of it); encoded, about 0.3–0.5 ms. The candidates go as one Float64Array of
 * (expiry index in def, strike, conId, flags) records, the contract rebuilt from its def expiry (symbol, multiplier,
 * expiry, class as chainFromDefinition and listedContracts carry it) and carried whole when it does not fit; the
 * anchors as quote columns (quote-columns.ts); the definition as strikes and conId columns (definition-codec.ts);
 * the threshold as its maxRows and lows. The underlying and the config go as they are (small).
 *
 * The reply names the contracts to quote by their index in the request's candidates, so the main thread gets its
 * own candidate objects back, in plan order, and the threshold's lows after the plan. The worker's threshold is the
 * main thread's snapshot plus this symbol's lows, so the main thread's threshold is replaced by it: plans sharing a
 * threshold must run one at a time (the cycle plans its symbols in sequence), or the later reply drops the lows the
 * earlier one added.
 */
import { distinctClass, type ChainDefinition, type OptionContract } from '../chain/option-chain';
import type { OptionRight } from '../math/black-scholes';
import type { ScanConfig } from '../scan/scan-engine';
import { PruneThreshold, type PruneInputs, type PrunePlan } from '../acquisition/score-pruning';
import { decodeDefinition, encodeDefinition, type EncodedDefinition } from './definition-codec';
import { decodeQuoteMap, encodeQuoteMap, type EncodedQuoteMap } from './quote-columns';

/** Numbers per candidate: def expiry index, strike, conId, flags. */
const STRIDE = 4;
const PUT = 1;
const NULL_CON_ID = 2;
/** The candidate travels whole in `overrides` (it does not fit its expiry's template). */
const OVERRIDE = 4;

export interface EncodedPlanRequest {
  def: EncodedDefinition;
  und: PruneInputs['und'];
  rate: number;
  now: number;
  config: ScanConfig;
  /** Present exactly when the inputs have the key. */
  margin?: number;
  /** The threshold: its maxRows and the lows it holds (lowsNow()). */
  maxRows: number;
  lows: Float64Array<ArrayBuffer>;
  /** STRIDE numbers per candidate, in candidate order. */
  candidates: Float64Array<ArrayBuffer>;
  /** The candidates that do not fit their expiry of def (another symbol or multiplier, a class not the def's, …), in order. */
  overrides: OptionContract[];
  anchors: EncodedQuoteMap;
}

export interface EncodedPlanReply {
  /** Indices into the request's candidates, in plan order. */
  quote: Int32Array<ArrayBuffer>;
  pruned: number;
  threshold: number;
  unfitted: number;
  /** The worker threshold's lows after the plan. */
  lows: Float64Array<ArrayBuffer>;
}

export function encodePlanRequest(inputs: PruneInputs): { request: EncodedPlanRequest; transfer: ArrayBuffer[] } {
  const { def, candidates } = inputs;
  // def expiries by date (SPX and SPXW share a date: two entries), and the trading class each one's contracts carry.
  const byExpiry = new Map<string, number[]>();
  const classes = def.expiries.map((e, i) => {
    const list = byExpiry.get(e.expiry);
    if (list) list.push(i);
    else byExpiry.set(e.expiry, [i]);
    return distinctClass(def.symbol, e.style).tradingClass ?? null;
  });
  const numbers = new Float64Array(candidates.length * STRIDE);
  const overrides: OptionContract[] = [];
  // Candidates come grouped by expiry: the last date's entries save most map look-ups.
  let lastExpiry: string | null = null;
  let sameDate: number[] | undefined;
  for (let i = 0, at = 0; i < candidates.length; i++, at += STRIDE) {
    const c = candidates[i];
    if (c.expiry !== lastExpiry) {
      lastExpiry = c.expiry;
      sameDate = byExpiry.get(c.expiry);
    }
    const k = expiryIndex(c, def, sameDate, classes);
    if (k < 0) {
      numbers[at + 3] = OVERRIDE;
      overrides.push(c);
      continue;
    }
    numbers[at] = k;
    numbers[at + 1] = c.strike;
    if (c.conId === null) numbers[at + 3] = c.right === 'P' ? PUT | NULL_CON_ID : NULL_CON_ID;
    else {
      numbers[at + 2] = c.conId;
      numbers[at + 3] = c.right === 'P' ? PUT : 0;
    }
  }
  const anchors = encodeQuoteMap(inputs.anchors);
  const lows = inputs.threshold.lowsNow();
  const encodedDef = encodeDefinition(def);
  const request: EncodedPlanRequest = { def: encodedDef, und: inputs.und, rate: inputs.rate, now: inputs.now, config: inputs.config, maxRows: inputs.threshold.maxRows, lows, candidates: numbers, overrides, anchors };
  if ('margin' in inputs) request.margin = inputs.margin;
  return { request, transfer: [encodedDef.numbers.buffer, numbers.buffer, anchors.numbers.buffer, lows.buffer] };
}

/** In the worker: the inputs back, with a PruneThreshold restored from the lows sent. */
export function decodePlanRequest(request: EncodedPlanRequest): PruneInputs {
  const { candidates: numbers, overrides } = request;
  const def = decodeDefinition(request.def);
  const n = numbers.length / STRIDE;
  const candidates = new Array<OptionContract>(n);
  const classes = def.expiries.map((e) => distinctClass(def.symbol, e.style).tradingClass);
  let nextOverride = 0;
  for (let i = 0, at = 0; i < n; i++, at += STRIDE) {
    const flags = numbers[at + 3];
    if (flags & OVERRIDE) {
      candidates[i] = overrides[nextOverride++];
      continue;
    }
    const k = numbers[at];
    const expiry = def.expiries[k].expiry;
    const conId = flags & NULL_CON_ID ? null : numbers[at + 2];
    const strike = numbers[at + 1];
    const right: OptionRight = flags & PUT ? 'P' : 'C';
    const tradingClass = classes[k];
    // Key order as listedContracts' (the candidates come from the definition); the class only where it is not the symbol.
    candidates[i] =
      tradingClass === undefined
        ? { conId, symbol: def.symbol, expiry, strike, right, multiplier: def.multiplier }
        : { conId, symbol: def.symbol, expiry, strike, right, multiplier: def.multiplier, tradingClass };
  }
  const threshold = new PruneThreshold(request.maxRows);
  threshold.restore(request.lows);
  const inputs: PruneInputs = { def, und: request.und, rate: request.rate, now: request.now, candidates, anchors: decodeQuoteMap(request.anchors), config: request.config, threshold };
  if ('margin' in request) inputs.margin = request.margin;
  return inputs;
}

/** In the worker: plan.quote as indices into the request's candidates, plus the threshold's lows after the plan. */
export function encodePlanReply(plan: PrunePlan, decodedInputs: PruneInputs): { reply: EncodedPlanReply; transfer: ArrayBuffer[] } {
  const index = new Map<OptionContract, number>();
  decodedInputs.candidates.forEach((c, i) => index.set(c, i));
  const quote = new Int32Array(plan.quote.length);
  plan.quote.forEach((c, i) => {
    const k = index.get(c);
    if (k === undefined) throw new Error(`plan contract ${c.symbol} ${c.expiry} ${c.right} ${c.strike} is not one of the request's candidates`);
    quote[i] = k;
  });
  const lows = decodedInputs.threshold.lowsNow();
  return { reply: { quote, pruned: plan.pruned, threshold: plan.threshold, unfitted: plan.unfitted, lows }, transfer: [quote.buffer, lows.buffer] };
}

/** On the main thread: the plan with the ORIGINAL candidate objects, in plan order; sets inputs.threshold to the lows the worker ended with. */
export function decodePlanReply(reply: EncodedPlanReply, inputs: PruneInputs): PrunePlan {
  const quote = Array.from(reply.quote, (i) => inputs.candidates[i]);
  inputs.threshold.restore(reply.lows);
  return { quote, pruned: reply.pruned, threshold: reply.threshold, unfitted: reply.unfitted };
}

/** The index in def.expiries whose contracts `c` is built like (symbol, multiplier, expiry, class), or −1. */
function expiryIndex(c: OptionContract, def: ChainDefinition, sameDate: readonly number[] | undefined, classes: ReadonlyArray<string | null>): number {
  if (sameDate === undefined || c.symbol !== def.symbol || c.multiplier !== def.multiplier) return -1;
  if ((c.right !== 'C' && c.right !== 'P') || (c.conId !== null && typeof c.conId !== 'number')) return -1;
  const hasClass = 'tradingClass' in c;
  for (const k of sameDate) {
    const cls = classes[k];
    if (cls === null ? !hasClass : c.tradingClass === cls) return k;
  }
  return -1;
}
