/** Helpers shared by the market model's specs (not part of the simulator's API). */
import { ManualClock } from '../clock';
import { createMarketModel, type SimMarketModel } from './market-model';
import type { OptionDef } from './market-types';
import { CORE_SYMBOLS } from './universe';

export const START = Date.UTC(2026, 10, 23, 15, 0, 0); // Monday 10:00 New York

export function build(seed = 1, stepMs?: number): { model: SimMarketModel; clock: ManualClock } {
  const clock = new ManualClock(START);
  return { model: createMarketModel({ seed, clock, stepMs, symbols: CORE_SYMBOLS }), clock };
}

export function options(m: SimMarketModel, symbol: string): OptionDef[] {
  return m.findContracts({ secType: 'OPT', symbol }).flatMap((c) => (c.secType === 'OPT' ? [c] : []));
}

export function opt(m: SimMarketModel, symbol: string, expiry: string, strike: number, right: 'C' | 'P'): OptionDef {
  const found = m.findContracts({ secType: 'OPT', symbol, expiry, strike, right });
  if (found.length !== 1 || found[0].secType !== 'OPT') {
    throw new Error(`${symbol} ${expiry} ${strike}${right}: ${found.length} matches`);
  }
  return found[0];
}

/** The listed expiry nearest to `days` calendar days from the start. */
export function expiryNear(m: SimMarketModel, symbol: string, days: number): string {
  const u = m.underlyings().find((x) => x.symbol === symbol);
  if (!u) throw new Error(symbol);
  const target = START + days * 86_400_000;
  const ms = (e: string): number => Date.UTC(Number(e.slice(0, 4)), Number(e.slice(4, 6)) - 1, Number(e.slice(6, 8)));
  const dist = (e: string): number => Math.abs(ms(e) - target);
  return m.chainParams(u.conId)[0].expirations.reduce((a, b) => (dist(b) < dist(a) ? b : a));
}

/** The listed strike nearest to `k`. */
export function strikeNear(m: SimMarketModel, symbol: string, expiry: string, k: number): number {
  const ks = options(m, symbol).filter((o) => o.expiry === expiry).map((o) => o.strike);
  return ks.reduce((a, b) => (Math.abs(b - k) < Math.abs(a - k) ? b : a));
}

/** The option nearest the money at the expiry nearest `days` out. */
export function atmOpt(m: SimMarketModel, symbol: string, days: number, right: 'C' | 'P'): OptionDef {
  const exp = expiryNear(m, symbol, days);
  return opt(m, symbol, exp, strikeNear(m, symbol, exp, m.spot(symbol)), right);
}

export const isOnTick = (p: number, tick: number): boolean => Math.abs(p / tick - Math.round(p / tick)) < 1e-6;

