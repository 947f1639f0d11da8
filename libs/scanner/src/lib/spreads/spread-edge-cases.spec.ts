/**
 * The edge cases an independent check of every scan number found (issue 13), each through both scan engines (the
 * lean path and the reference) so the fix holds for what the console shows: price bounds with a tolerance, the
 * honest time to expiry up to the 16:00 New York close, crossed quotes, one IV bound for touch and the smile.
 */
import type { SpreadRow, SpreadType } from '@ibsc/shared-dto';
import { MS_PER_YEAR, newYorkCloseMs, newYorkDayNumber, yyyymmddOf } from '../chain/calendar';
import type { OptionChain } from '../chain/option-chain';
import { probAbove, probBelow } from '../math/probabilities';
import { ScanEngine, type ScanConfig } from '../scan/scan-engine';
import { ReferenceScanEngine } from '../scan/scan-engine.reference';
import { scoreSpread } from '../scoring/spread-score';
import { HAND_NOW, handChain, type HandChainOptions } from '../testing/hand-chain';

const ALL: SpreadType[] = ['bull-put', 'bear-call', 'bull-call', 'bear-put'];

/** Runs both engines; they must agree on ids and scores. */
function scan(chains: OptionChain[], now: number, config: Partial<ScanConfig> = {}): { rows: SpreadRow[]; priced: { before: number; after: number } } {
  const cfg: ScanConfig = { spreadTypes: ALL, widths: [5, 10], maxRows: 1000, ...config };
  const lean = new ScanEngine(cfg).run(chains, now);
  const ref = new ReferenceScanEngine(cfg).run(chains, now);
  expect(lean.rows.map((r) => [r.id, r.score])).toEqual(ref.rows.map((r) => [r.id, r.score]));
  expect(lean.funnel).toEqual(ref.funnel);
  return { rows: lean.rows, priced: lean.funnel.steps[0] };
}

const rowOf = (rows: SpreadRow[], suffix: string): SpreadRow | undefined => rows.find((r) => r.id.endsWith(suffix));

describe('price bounds: a fill within half a cent of 0 or the width is no price (floating point must not pass it)', () => {
  it('a debit of 9.999999999999998 on a 10-wide bear put is flagged PRICE_OUTSIDE_BOUNDS and scores 0', () => {
    // Long P105 16.08, short P95 6.08 (no spread): mid = 16.08 − 6.08 = 9.999999999999998 in binary floating point.
    const chain = handChain({ override: { P105: { bid: 16.08, ask: 16.08 }, P95: { bid: 6.08, ask: 6.08 } } });
    const r = rowOf(scan([chain], HAND_NOW).rows, 'bear-put|95/105') as SpreadRow;
    expect(r.expectedFill).toBeLessThan(10);
    expect(r.flags).toContain('PRICE_OUTSIDE_BOUNDS');
    expect(r.score).toBe(0);
  });

  it('a credit of 2.8e-17 is flagged and scores 0; a credit of one cent is a price', () => {
    // k = 0: fill = mid = (0.1 + 0.2)/2 − (0.05 + 0.25)/2 = 2.78e-17.
    const tiny = handChain({ override: { P100: { bid: 0.1, ask: 0.2 }, P95: { bid: 0.05, ask: 0.25 } } });
    const r = rowOf(scan([tiny], HAND_NOW, { k: 0 }).rows, 'bull-put|100/95') as SpreadRow;
    expect(r.expectedFill).toBeGreaterThan(0);
    expect(r.expectedFill).toBeLessThan(1e-15);
    expect(r.flags).toContain('PRICE_OUTSIDE_BOUNDS');
    expect(r.score).toBe(0);
    const cent = handChain({ override: { P100: { bid: 0.11, ask: 0.11 }, P95: { bid: 0.1, ask: 0.1 } } });
    const c = rowOf(scan([cent], HAND_NOW).rows, 'bull-put|100/95') as SpreadRow;
    expect(c.flags).not.toContain('PRICE_OUTSIDE_BOUNDS');
    expect(c.score).toBeGreaterThan(0);
  });
});

/** The hand chain moved to expire today at the 16:00 New York close, spot 101.5. */
function sameDayChain(now: number, o: HandChainOptions = {}): OptionChain {
  const chain = handChain(o);
  const expiry = yyyymmddOf(newYorkDayNumber(now));
  const e = chain.expiries[0];
  const moved = (side: typeof e.calls) => side.map((x) => x && { ...x, contract: { ...x.contract, expiry } });
  return {
    ...chain,
    underlying: { ...chain.underlying, spot: 101.5 },
    expiries: [{ ...e, expiry, expiresAt: newYorkCloseMs(expiry), calls: moved(e.calls), puts: moved(e.puts) }],
  };
}

describe('time to expiry: the honest time left up to the 16:00 New York close, nothing after it', () => {
  const close = newYorkCloseMs(yyyymmddOf(newYorkDayNumber(HAND_NOW)));

  it('at 15:59 T is one minute (no one-hour floor) and POP is N(d2) with it', () => {
    const now = close - 60_000;
    const r = rowOf(scan([sameDayChain(now)], now).rows, 'bear-call|100/105') as SpreadRow;
    expect(r.dte).toBe(0);
    expect(r.yearsToExpiry).toBe(60_000 / MS_PER_YEAR);
    const ln = { spot: 101.5, t: 60_000 / MS_PER_YEAR, rate: 0, dividendYield: 0, vol: r.ivAtBreakeven };
    expect(r.pop).toBe(probBelow(r.breakeven, ln));
    // With the old floor of an hour POP was far lower (about 0.64 instead of 0.996).
    expect(r.pop - probBelow(r.breakeven, { ...ln, t: 1 / (365 * 24) })).toBeGreaterThan(0.3);
    expect(r.pop).toBeGreaterThan(0.99);
  });

  it('from 16:00 to midnight New York the expired spreads are not returned (and not even enumerated)', () => {
    for (const now of [close, close + 60_000, close + 7 * 3_600_000]) {
      const res = scan([sameDayChain(now)], now);
      expect(res.rows).toEqual([]);
      expect(res.priced.before).toBe(0);
    }
  });

  it('the same chain one minute earlier still scans every vertical', () => {
    expect(scan([sameDayChain(close - 60_000)], close - 60_000).rows.length).toBe(12);
  });
});

describe('crossed quotes (bid > ask)', () => {
  const crossed = handChain({ override: { P95: { bid: 0.95, ask: 0.9 } } });

  it('are excluded by default: the leg is not priced, so no spread uses it', () => {
    const res = scan([crossed], HAND_NOW);
    expect(rowOf(res.rows, 'bull-put|100/95')).toBeUndefined();
    expect(res.rows.some((r) => r.flags.includes('CROSSED_QUOTE'))).toBe(false);
    expect(res.priced.after).toBeLessThan(res.priced.before);
  });

  it("with crossedQuotes 'penalize' they are kept, flagged, and the score is halved", () => {
    const res = scan([crossed], HAND_NOW, { crossedQuotes: 'penalize' });
    const r = rowOf(res.rows, 'bull-put|100/95') as SpreadRow;
    expect(r.flags).toContain('CROSSED_QUOTE');
    const unpenalised = scoreSpread({ ...r, flags: r.flags.filter((f) => f !== 'CROSSED_QUOTE') });
    expect(r.score).toBeCloseTo(unpenalised * 0.5, 12);
    expect(res.rows[0].id).not.toBe(r.id);
  });
});

describe('one IV bound (0 < σ < 10) for the smile, the legs and touch', () => {
  it('a short-leg IV of 15 (or exactly 10) is not used for touch: the smile at the strike is', () => {
    const base = rowOf(scan([handChain()], HAND_NOW).rows, 'bull-put|100/95') as SpreadRow;
    expect(Math.abs(base.touch - 0.8664837729527669)).toBeLessThan(1e-9); // scipy, σ = 0.2
    for (const iv of [15, 10]) {
      const bad = rowOf(scan([handChain({ override: { P100: { iv } } })], HAND_NOW).rows, 'bull-put|100/95') as SpreadRow;
      expect(bad.touch).toBe(base.touch);
      expect(bad.short.iv).toBe(iv); // shown as the gateway sent it
    }
  });

  it('POP keeps reading the smile, which skips the bad point', () => {
    const base = rowOf(scan([handChain()], HAND_NOW).rows, 'bull-put|100/95') as SpreadRow;
    const bad = rowOf(scan([handChain({ override: { P100: { iv: 15 } } })], HAND_NOW).rows, 'bull-put|100/95') as SpreadRow;
    expect(bad.pop).toBe(base.pop);
    expect(bad.pop).toBe(probAbove(base.breakeven, { spot: 101, t: base.yearsToExpiry, rate: 0, dividendYield: 0, vol: 0.2 }));
  });
});

describe('early assignment: a short American call in the money before an ex-dividend date', () => {
  // Spot 101; C95 mid 5.75 (intrinsic 6: no time value), C100 mid 2.40 (intrinsic 1, time value 1.40).
  const exInWindow = yyyymmddOf(newYorkDayNumber(HAND_NOW) + 10);

  it('flags the short ITM call whose time value is below the dividend, ex-date before expiry', () => {
    const rows = scan([handChain({ nextDividend: { exDate: exInWindow, amount: 0.5 } })], HAND_NOW).rows;
    expect(rowOf(rows, 'bear-call|95/100')?.flags).toContain('EARLY_ASSIGNMENT_RISK'); // time value −0.25 < 0.50
    expect(rowOf(rows, 'bear-call|100/105')?.flags).not.toContain('EARLY_ASSIGNMENT_RISK'); // 1.40 ≥ 0.50
    expect(rowOf(rows, 'bull-call|100/95')?.flags).not.toContain('EARLY_ASSIGNMENT_RISK'); // short C100: 1.40 ≥ 0.50
    expect(rows.filter((r) => r.short.right === 'P').some((r) => r.flags.includes('EARLY_ASSIGNMENT_RISK'))).toBe(false);
    const big = scan([handChain({ nextDividend: { exDate: exInWindow, amount: 2 } })], HAND_NOW).rows;
    expect(rowOf(big, 'bear-call|100/105')?.flags).toContain('EARLY_ASSIGNMENT_RISK'); // 1.40 < 2.00
    expect(rowOf(big, 'bull-call|100/95')?.flags).toContain('EARLY_ASSIGNMENT_RISK');
  });

  it('not when the ex-date is after expiry, today (too late to exercise for it) or unknown', () => {
    const expiryDay = newYorkDayNumber(HAND_NOW) + 30;
    for (const nextDividend of [{ exDate: yyyymmddOf(expiryDay + 1), amount: 5 }, { exDate: yyyymmddOf(newYorkDayNumber(HAND_NOW)), amount: 5 }, null]) {
      const rows = scan([handChain({ nextDividend })], HAND_NOW).rows;
      expect(rows.some((r) => r.flags.includes('EARLY_ASSIGNMENT_RISK'))).toBe(false);
    }
  });
});
