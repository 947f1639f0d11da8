/**
 * A stable id per spread, so a scan's results can be diffed against the previous one:
 * `SYMBOL|YYYYMMDD|type|shortStrike/longStrike`, e.g. `SPY|20260116|bull-put|450/445`, then `|CLASS` when the
 * trading class is not the symbol (`SPX|20261218|bull-put|6500/6450|SPXW`: SPX and SPXW both list that date).
 * It depends only on what defines the spread (not on quotes), so the same spread keeps its id across scans.
 */
import type { SpreadType } from '@ibsc/shared-dto';
import { formatStrike } from '../chain/option-chain';

export function spreadId(symbol: string, expiry: string, type: SpreadType, shortStrike: number, longStrike: number, tradingClass?: string): string {
  const base = `${symbol}|${expiry}|${type}|${formatStrike(shortStrike)}/${formatStrike(longStrike)}`;
  return tradingClass && tradingClass !== symbol ? `${base}|${tradingClass}` : base;
}

export interface ParsedSpreadId {
  symbol: string;
  expiry: string;
  type: SpreadType;
  shortStrike: number;
  longStrike: number;
  /** Present when the id names a trading class other than the symbol (SPXW). */
  tradingClass?: string;
}

const TYPES: readonly string[] = ['bull-call', 'bear-put', 'bull-put', 'bear-call'];

/** The parts of an id, or null when it is not one. */
export function parseSpreadId(id: string): ParsedSpreadId | null {
  const m = /^([^|]+)\|(\d{8})\|([a-z-]+)\|([0-9.]+)\/([0-9.]+)(?:\|([A-Z0-9.]+))?$/.exec(id);
  if (!m || !TYPES.includes(m[3])) return null;
  const p: ParsedSpreadId = { symbol: m[1], expiry: m[2], type: m[3] as SpreadType, shortStrike: Number(m[4]), longStrike: Number(m[5]) };
  if (m[6] && m[6] !== m[1]) p.tradingClass = m[6];
  return p;
}
