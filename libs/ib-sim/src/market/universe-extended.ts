/**
 * 22 more liquid option underlyings beyond the core eight (universe.ts), so the simulated gateway knows 30 names as
 * a scanner universe would. Their conIds are the simulator's own (below 100,000,000, where no option conId falls),
 * not IB's; spots, vols and dividend yields are round late-2026 levels, liquidity scaled from the core names.
 */
import type { StrikeLadder, UnderlyingSpec } from './universe';
import { etf, stock } from './underlying-def';

interface Row {
  symbol: string;
  name: string;
  /** ETF: primary exchange; stock: industry. */
  kind: 'ETF' | 'STK';
  where: string;
  category: string;
  spot: number;
  iv: number;
  q: number;
  /** Next earnings this many trading days after the start (stocks). */
  earnings?: number;
  thinness: number;
  /** Millions of shares a day. */
  volumeM: number;
  oiScale: number;
  ladder: StrikeLadder;
}

const L = (nearInc: number, nearBand: number, farInc: number): StrikeLadder => ({ nearInc, nearBand, farInc });

const ROWS: readonly Row[] = [
  { symbol: 'DIA', name: 'SPDR DOW JONES INDUSTRIAL AVERAGE ETF', kind: 'ETF', where: 'ARCA', category: 'Equity Fund', spot: 470, iv: 0.15, q: 0.016, thinness: 2, volumeM: 4, oiScale: 4_000, ladder: L(1, 0.05, 5) },
  { symbol: 'XLF', name: 'FINANCIAL SELECT SECTOR SPDR', kind: 'ETF', where: 'ARCA', category: 'Equity Fund', spot: 53, iv: 0.19, q: 0.014, thinness: 1.6, volumeM: 40, oiScale: 15_000, ladder: L(0.5, 0.08, 1) },
  { symbol: 'XLE', name: 'ENERGY SELECT SECTOR SPDR', kind: 'ETF', where: 'ARCA', category: 'Equity Fund', spot: 90, iv: 0.24, q: 0.032, thinness: 1.8, volumeM: 15, oiScale: 8_000, ladder: L(1, 0.08, 2.5) },
  { symbol: 'XLK', name: 'TECHNOLOGY SELECT SECTOR SPDR', kind: 'ETF', where: 'ARCA', category: 'Equity Fund', spot: 285, iv: 0.22, q: 0.006, thinness: 2, volumeM: 6, oiScale: 4_000, ladder: L(1, 0.06, 5) },
  { symbol: 'GLD', name: 'SPDR GOLD SHARES', kind: 'ETF', where: 'ARCA', category: 'Commodity Fund', spot: 380, iv: 0.18, q: 0, thinness: 1.5, volumeM: 10, oiScale: 12_000, ladder: L(1, 0.06, 5) },
  { symbol: 'SLV', name: 'ISHARES SILVER TRUST', kind: 'ETF', where: 'ARCA', category: 'Commodity Fund', spot: 45, iv: 0.32, q: 0, thinness: 1.6, volumeM: 30, oiScale: 15_000, ladder: L(0.5, 0.1, 1) },
  { symbol: 'TLT', name: 'ISHARES 20+ YEAR TREASURY BOND ETF', kind: 'ETF', where: 'NASDAQ', category: 'Bond Fund', spot: 90, iv: 0.13, q: 0.043, thinness: 1.5, volumeM: 35, oiScale: 20_000, ladder: L(0.5, 0.06, 1) },
  { symbol: 'EEM', name: 'ISHARES MSCI EMERGING MARKETS ETF', kind: 'ETF', where: 'ARCA', category: 'Equity Fund', spot: 52, iv: 0.18, q: 0.022, thinness: 1.7, volumeM: 30, oiScale: 15_000, ladder: L(0.5, 0.08, 1) },
  { symbol: 'EFA', name: 'ISHARES MSCI EAFE ETF', kind: 'ETF', where: 'ARCA', category: 'Equity Fund', spot: 92, iv: 0.15, q: 0.028, thinness: 2, volumeM: 15, oiScale: 8_000, ladder: L(1, 0.06, 2) },
  { symbol: 'HYG', name: 'ISHARES IBOXX HIGH YIELD CORP BOND ETF', kind: 'ETF', where: 'ARCA', category: 'Bond Fund', spot: 80, iv: 0.07, q: 0.058, thinness: 2, volumeM: 35, oiScale: 20_000, ladder: L(0.5, 0.04, 1) },
  { symbol: 'XBI', name: 'SPDR S&P BIOTECH ETF', kind: 'ETF', where: 'ARCA', category: 'Equity Fund', spot: 100, iv: 0.3, q: 0, thinness: 1.9, volumeM: 8, oiScale: 6_000, ladder: L(1, 0.08, 2.5) },
  { symbol: 'SMH', name: 'VANECK SEMICONDUCTOR ETF', kind: 'ETF', where: 'NASDAQ', category: 'Equity Fund', spot: 330, iv: 0.32, q: 0.004, thinness: 1.9, volumeM: 7, oiScale: 5_000, ladder: L(2.5, 0.08, 5) },
  { symbol: 'GOOGL', name: 'ALPHABET INC-CL A', kind: 'STK', where: 'Communications', category: 'Internet', spot: 290, iv: 0.3, q: 0.003, earnings: 40, thinness: 1.5, volumeM: 35, oiScale: 14_000, ladder: L(2.5, 0.08, 5) },
  { symbol: 'META', name: 'META PLATFORMS INC-CLASS A', kind: 'STK', where: 'Communications', category: 'Internet', spot: 640, iv: 0.34, q: 0.003, earnings: 45, thinness: 1.6, volumeM: 15, oiScale: 9_000, ladder: L(5, 0.1, 10) },
  { symbol: 'AMD', name: 'ADVANCED MICRO DEVICES', kind: 'STK', where: 'Technology', category: 'Semiconductors', spot: 220, iv: 0.5, q: 0, earnings: 44, thinness: 1.5, volumeM: 60, oiScale: 20_000, ladder: L(2.5, 0.12, 5) },
  { symbol: 'NFLX', name: 'NETFLIX INC', kind: 'STK', where: 'Communications', category: 'Internet', spot: 110, iv: 0.36, q: 0, earnings: 30, thinness: 1.7, volumeM: 30, oiScale: 10_000, ladder: L(1, 0.1, 2.5) },
  { symbol: 'JPM', name: 'JPMORGAN CHASE & CO', kind: 'STK', where: 'Financial', category: 'Banks', spot: 305, iv: 0.22, q: 0.019, earnings: 28, thinness: 1.8, volumeM: 9, oiScale: 6_000, ladder: L(2.5, 0.08, 5) },
  { symbol: 'BAC', name: 'BANK OF AMERICA CORP', kind: 'STK', where: 'Financial', category: 'Banks', spot: 52, iv: 0.25, q: 0.021, earnings: 28, thinness: 1.6, volumeM: 40, oiScale: 15_000, ladder: L(0.5, 0.1, 1) },
  { symbol: 'XOM', name: 'EXXON MOBIL CORP', kind: 'STK', where: 'Energy', category: 'Oil&Gas', spot: 115, iv: 0.22, q: 0.035, earnings: 41, thinness: 1.8, volumeM: 15, oiScale: 8_000, ladder: L(1, 0.08, 2.5) },
  { symbol: 'DIS', name: 'WALT DISNEY CO/THE', kind: 'STK', where: 'Communications', category: 'Media', spot: 112, iv: 0.26, q: 0.009, earnings: 48, thinness: 1.8, volumeM: 9, oiScale: 7_000, ladder: L(1, 0.08, 2.5) },
  { symbol: 'BA', name: 'BOEING CO/THE', kind: 'STK', where: 'Industrial', category: 'Aerospace/Defense', spot: 205, iv: 0.32, q: 0, earnings: 40, thinness: 1.8, volumeM: 8, oiScale: 6_000, ladder: L(2.5, 0.1, 5) },
  { symbol: 'PLTR', name: 'PALANTIR TECHNOLOGIES INC-A', kind: 'STK', where: 'Technology', category: 'Software', spot: 175, iv: 0.62, q: 0, earnings: 46, thinness: 1.5, volumeM: 60, oiScale: 20_000, ladder: L(2.5, 0.12, 5) },
];

/** conIds of the added names: 90,000,001 on (the simulator's own; option conIds start at 100,000,000). */
const FIRST_CON_ID = 90_000_001;

export const EXTENDED_UNDERLYINGS: readonly UnderlyingSpec[] = ROWS.map((r, i) => ({
  def:
    r.kind === 'ETF'
      ? etf(FIRST_CON_ID + i, r.symbol, r.where, r.name, r.category)
      : { ...stock(FIRST_CON_ID + i, r.symbol, r.name, r.where, r.category), primaryExchange: 'NYSE' },
  spot: r.spot,
  ivMean: r.iv,
  q: r.q,
  skew: r.kind === 'ETF' ? 0.1 : 0.06,
  smile: r.kind === 'ETF' ? 0.03 : 0.045,
  realisedRatio: 0.85,
  ...(r.earnings === undefined ? {} : { earnings: { tradingDaysAhead: r.earnings, move: Math.min(0.1, r.iv / 6) } }),
  thinness: r.thinness,
  avgVolume: r.volumeM * 1_000_000,
  spreadCents: r.spot > 200 ? 2 : 1,
  oiScale: r.oiScale,
  ladder: r.ladder,
  allPenny: r.kind === 'ETF',
}));
