/**
 * What the chain and definition codecs write alike for each expiry (chain-codec.ts, definition-codec.ts): its date,
 * expiry time and style, and its strikes as a column of the shared Float64Array, written once when several expiries
 * share one strikes array (chainFromDefinition's slices of one definition do) and shared again when decoded.
 */
import type { ExpiryStyle } from '../chain/option-chain';

export interface EncodedExpiryHead {
  expiry: string;
  expiresAt: number;
  /** Present exactly when the expiry has the key. */
  style?: ExpiryStyle;
  /** The strikes' offset in the numbers and their count. */
  strikesAt: number;
  strikeCount: number;
  /** ≥ 0: the strikes array of that earlier expiry (not written again). */
  sameStrikesAs: number;
}

interface ExpiryLike {
  expiry: string;
  expiresAt: number;
  style?: ExpiryStyle;
  strikes: readonly number[];
}

/** Per expiry, the index of the first earlier one with the same strikes array (by identity), or −1. */
export function sharedStrikes(expiries: ReadonlyArray<{ strikes: readonly number[] }>): number[] {
  return expiries.map((e, k) => {
    let j = 0;
    while (j < k && expiries[j].strikes !== e.strikes) j++;
    return j < k ? j : -1;
  });
}

/** Numbers the strikes take: those of the expiries that do not share an earlier one's. */
export function strikeNumbers(expiries: ReadonlyArray<{ strikes: readonly number[] }>, same: readonly number[]): number {
  return expiries.reduce((n, e, k) => n + (same[k] < 0 ? e.strikes.length : 0), 0);
}

/** Writes expiry k's strikes at `at` (unless shared) and returns its head and the next offset. */
export function writeExpiryHead(numbers: Float64Array, at: number, e: ExpiryLike, k: number, same: readonly number[], heads: readonly EncodedExpiryHead[]): { head: EncodedExpiryHead; at: number } {
  const strikesAt = same[k] < 0 ? at : heads[same[k]].strikesAt;
  if (same[k] < 0) for (let i = 0; i < e.strikes.length; i++) numbers[at++] = e.strikes[i];
  const head: EncodedExpiryHead = { expiry: e.expiry, expiresAt: e.expiresAt, strikesAt, strikeCount: e.strikes.length, sameStrikesAs: same[k] };
  if ('style' in e) head.style = e.style;
  return { head, at };
}

/** An expiry's strikes back: the earlier decoded expiry's array when shared, else a new one. */
export function readStrikes(numbers: Float64Array, head: EncodedExpiryHead, decoded: ReadonlyArray<{ strikes: readonly number[] }>): readonly number[] {
  return head.sameStrikesAs >= 0 ? decoded[head.sameStrikesAs].strikes : Array.from(numbers.subarray(head.strikesAt, head.strikesAt + head.strikeCount));
}
