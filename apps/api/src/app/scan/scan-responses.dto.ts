/**
 * Response shapes of /api/v1/scan for the OpenAPI document. They implement the shared wire types
 * (libs/shared-dto/src/scan.dto.ts), so they cannot drift; the @nestjs/swagger plugin turns each field's comment
 * into its schema description: every number a row shows names its method here (docs/scanner.md has the formulas).
 */
import type {
  DividendYieldSource,
  PreviewCount,
  ScanResultsPage,
  NetGreeks,
  OptionExercise,
  OptionSettlement,
  ScanFunnel,
  ScanCycleProgress,
  ScanFunnelStep,
  ScanHealth,
  ScanState,
  ScanStatus,
  SpreadFlag,
  SpreadLegView,
  SpreadRow,
  SpreadSide,
  SpreadType,
} from '@ibsc/shared-dto';
import { EV_METHOD, FILL_METHOD, POP_DELTA_METHOD, POP_METHOD, TOUCH_METHOD } from '@ibsc/shared-dto';

export class SpreadLegViewDto implements SpreadLegView {
  /** IB contract id (from contract details); null in synthetic data. */
  conId!: number | null;
  /** C (call) or P (put). */
  right!: 'C' | 'P';
  /** Strike, per share. */
  strike!: number;
  /** Best bid, per share, from the gateway (IB tick 1). */
  bid!: number;
  /** Best ask, per share, from the gateway (IB tick 2). */
  ask!: number;
  /** (bid + ask) / 2. */
  mid!: number;
  /** The gateway's model delta (IB option computation, tick 13), per share; null when missing (row flagged MISSING_GREEKS). */
  delta!: number | null;
  /** The gateway's model implied volatility of this option, decimal; null when missing. */
  iv!: number | null;
  /** Today's volume of this option (IB tick 8); null when missing (row flagged MISSING_VOLUME). */
  volume!: number | null;
  /** Open interest (IB generic tick 101, ticks 27/28; once a day from the previous close); null when missing (row flagged MISSING_OPEN_INTEREST). */
  openInterest!: number | null;
  /** Epoch ms of this leg's last quote update. */
  quoteTime!: number;
}

export class NetGreeksDto implements NetGreeks {
  /** Σ(±leg delta) × multiplier × quantity: shares-equivalent delta per spread (long leg +, short leg −). */
  delta!: number;
  /** Σ(±leg gamma) × multiplier × quantity: change in delta per $1 of the underlying, per spread. */
  gamma!: number;
  /** Σ(±leg theta) × multiplier × quantity: money per calendar day, per spread (IB theta is per day). */
  theta!: number;
  /** Σ(±leg vega) × multiplier × quantity: money per vol point, per spread (IB vega is per 1 % of IV). */
  vega!: number;
}

export class SpreadRowDto implements SpreadRow {
  /** Stable across scans, the diff key: `SYMBOL|YYYYMMDD|type|shortStrike/longStrike`. */
  id!: string;
  symbol!: string;
  /** bull-call and bear-put are debit spreads; bull-put and bear-call credit spreads. */
  type!: SpreadType;
  /** credit (short leg nearer the money) or debit. */
  side!: SpreadSide;
  /** Expiry date, YYYYMMDD. */
  expiry!: string;
  /** Calendar days from today's New York date to the expiry date (0 on expiry day). */
  dte!: number;
  /** Epoch ms when the options stop trading (16:00 New York for equity options); a spread past it is never returned. */
  expiresAt!: number;
  /** T in years used by every model number: (expiresAt − now) / 365 days, the honest time left (no floor). */
  yearsToExpiry!: number;
  /** Risk-free rate, continuously compounded, used by POP, touch, EV and the payoff chart (SCAN_RISK_FREE_RATE, default 0.045). */
  rate!: number;
  /** The underlying's continuous dividend yield used by the same: next-12-month dividends / spot from IB's dividend tick (generic tick 456), else SCAN_DIVIDEND_YIELDS, else 0. */
  dividendYield!: number;
  /** Where dividendYield came from: gateway (tick 456), config (SCAN_DIVIDEND_YIELDS) or none (0). */
  dividendYieldSource!: DividendYieldSource;
  /** The underlying's price: bid/ask mid of its streaming line (else last, else previous close). */
  spot!: number;
  /** |short strike − long strike|, per share. */
  width!: number;
  /** Contract multiplier (100 for US equity options). */
  multiplier!: number;
  /** Spreads the money figures are for (1). */
  quantity!: number;
  short!: SpreadLegViewDto;
  long!: SpreadLegViewDto;
  /** Net price per share at mid: credit = short.mid − long.mid; debit = long.mid − short.mid. */
  netMid!: number;
  /** Net price per share at natural (sell at bid, buy at ask): credit = short.bid − long.ask; debit = long.ask − short.bid. */
  netNatural!: number;
  /** Net price per share at the expected fill: mid moved k × h toward natural, h = half the sum of both legs' bid-ask widths (credit: mid − k·h; debit: mid + k·h). Every economic number below is at this price. */
  expectedFill!: number;
  /** The slippage factor of the expected fill: 0 = mid, 1 = natural. */
  k!: number;
  /** The fill method label. */
  fillMethod!: typeof FILL_METHOD;
  /** Money per spread at the expected fill P, after fees f: credit P·m·q − f·q; debit (W − P)·m·q − f·q. */
  maxProfit!: number;
  /** Money per spread at the expected fill, after fees: credit (W − P)·m·q + f·q; debit P·m·q + f·q. maxProfit + maxLoss = W·m·q. */
  maxLoss!: number;
  /** Underlying price at expiry where the P/L is 0: bull-put K_s − P, bear-call K_s + P, bull-call K_l + P, bear-put K_l − P. */
  breakeven!: number;
  /** maxProfit / maxLoss at the expected fill; null when maxLoss ≤ 0. */
  returnOnRisk!: number | null;
  /** Expected fill / width, credit spreads only; null for debit spreads. */
  creditToWidth!: number | null;
  /** Probability of profit, risk-neutral: N(d2(BE)) for bullish spreads, N(−d2(BE)) for bearish ones, d2(X) = [ln(S/X) + (r − q − σ²/2)T]/(σ√T), σ = the expiry's smile IV at the breakeven (ivAtBreakeven). A market-implied probability, not a forecast. */
  pop!: number;
  /** The POP method label. */
  popMethod!: typeof POP_METHOD;
  /** POP by the delta shortcut: |Δ| of the legs interpolated linearly in strike at the breakeven, read as P(ITM) there (bull-call Δ, bear-call 1 − Δ, bull-put 1 − |Δ|, bear-put |Δ|). Overstates P(ITM) (Δ = N(d1) > N(d2)); shown beside POP. */
  popDelta!: number | null;
  /** The delta-shortcut method label. */
  popDeltaMethod!: typeof POP_DELTA_METHOD;
  /** σ used for POP and EV: the expiry's smile at the breakeven (OTM puts below spot, OTM calls above, linear in strike, flat beyond the ends), else the underlying's 30-day IV. */
  ivAtBreakeven!: number;
  /** smile, or underlying when no smile was available (row flagged MISSING_IV). */
  ivSource!: 'smile' | 'underlying';
  /** Probability the short strike is touched before expiry: exact first passage of GBM, risk-neutral drift ν = r − q − σ²/2, σ = the short leg's IV (else the smile at the strike). */
  touch!: number;
  /** The touch method label. */
  touchMethod!: typeof TOUCH_METHOD;
  /** Expected value per spread, money, after fees, at the expected fill, hold to expiry: the discounted risk-neutral lognormal payoff (Black–Scholes value of the spread at σ = ivAtBreakeven) minus the debit (or the credit minus the expected loss). Zero at a fill equal to that model value; the edge of the fill against the model, never a forecast. */
  expectedValue!: number;
  /** The EV method label. */
  evMethod!: typeof EV_METHOD;
  /** Net greeks per spread (gateway greeks, else local Black–Scholes from the leg's IV); null when neither. */
  greeks!: NetGreeksDto | null;
  /** Where the greeks came from: the gateway's model computation, local Black–Scholes (flag MISSING_GREEKS), or none. */
  greeksSource!: 'gateway' | 'local-bs' | 'none';
  /** IV rank, 0–100: 100·(IV − min)/(max − min) over the last 252 daily IV closes (reqHistoricalData OPTION_IMPLIED_VOLATILITY) including today; null on a flat or missing history. */
  ivRank!: number | null;
  /** IV percentile, 0–100: 100·(days with IV below today's)/days, over the last 252 daily IV closes; null without history. */
  ivPercentile!: number | null;
  /** Next earnings date, YYYYMMDD (configured calendar; IB's API carries none), or null. */
  earningsDate!: string | null;
  /** Epoch ms of the oldest leg quote. */
  quoteTime!: number;
  /** Age of the oldest leg quote when the row was computed, ms. */
  quoteAgeMs!: number;
  /** MISSING_GREEKS, MISSING_OPEN_INTEREST, MISSING_VOLUME, MISSING_IV, STALE_QUOTE, EARNINGS_IN_WINDOW, PRICE_OUTSIDE_BOUNDS, CROSSED_QUOTE, NO_BID: a flagged row is shown, never dropped. */
  flags!: SpreadFlag[];
  /** 0–100: 100·(0.45·edge + 0.30·POP + 0.25·liquidity)·penalty; edge = logistic((EV/maxLoss)/0.05), liquidity = 0.7·e^{−(h/W)/0.05} + 0.3·min(1, log10(1 + min leg OI)/3); penalty 0 with PRICE_OUTSIDE_BOUNDS, 0.8 with STALE_QUOTE (docs/scanner.md). */
  score!: number;
  /** IB trading class of both legs: the symbol's own (SPY), or for index options SPX (AM monthlies) / SPXW (PM weeklies and dailies), NDX / NDXP, RUT / RUTW, XSP. */
  tradingClass!: string;
  /** PM: settled on the expiry day's closing value; AM: on its opening prints (SPX, NDX, RUT monthlies), trading ending the business day before. */
  settlement!: OptionSettlement;
  /** american (equity and ETF options: assignable any day; EARLY_ASSIGNMENT_RISK applies) or european (index options: exercised only at expiry). */
  exercise!: OptionExercise;
  /** Index options settle in cash, multiplier × intrinsic value; equity and ETF options deliver shares. */
  cashSettled!: boolean;
  /** Epoch ms the settlement value is fixed, what yearsToExpiry runs to: expiresAt for PM, 09:30 New York of the expiry day for AM. */
  settlesAt!: number;
}

export class ScanFunnelStepDto implements ScanFunnelStep {
  /** Stage or filter id, e.g. priced, dte, shortDelta, metrics, pop. */
  id!: string;
  label!: string;
  /** Rows entering this step. */
  before!: number;
  /** Rows leaving it. */
  after!: number;
  /** Rows kept only because the filtered field was missing (they carry a MISSING_* flag). */
  keptMissing!: number;
}

export class ScanFunnelDto implements ScanFunnel {
  /** Contracts listed in the chains scanned. */
  contractsListed!: number;
  /** Contracts the pre-filter chose and that came back quoted. */
  contractsQuoted!: number;
  /** Verticals enumerated before any filter. */
  candidates!: number;
  /** Steps in the order they ran (the order adapts to measured selectivity). */
  steps!: ScanFunnelStepDto[];
  /** Rows after the last filter. */
  matched!: number;
  /** Rows after the maxRows cut. */
  returned!: number;
}

export class ScanCycleProgressDto implements ScanCycleProgress {
  /** Symbols whose chain was fully acquired in the first cycle. */
  symbolsDone!: number;
  symbolsTotal!: number;
  /** Option contracts answered so far (quoted, or found without a market). */
  contractsDone!: number;
  /** Contracts the pre-filter chose over every symbol; null until every symbol's chain is known. */
  contractsTotal!: number | null;
}

export class ScanStatusDto implements ScanStatus {
  state!: ScanState;
  startedAt!: string | null;
  /** When the rows were last re-scored. */
  lastScanAt!: string | null;
  /** Full acquisition cycles over every symbol since start. */
  scans!: number;
  /** Time of the last scoring pass, ms. */
  lastScanMs!: number | null;
  symbols!: string[];
  rows!: number;
  /** Sequence number of the latest delta. */
  seq!: number;
  funnel!: ScanFunnelDto | null;
  message!: string | null;
  /** idle, ok, stale (oldest leg quote past the staleness limit, 60 s) or error. */
  health?: ScanHealth;
  /** snapshot (default: measured faster under IB's limits) or stream (rotation). */
  quoteMode?: string | null;
  /** Time of the last full acquisition cycle, ms. */
  lastCycleMs?: number | null;
  /** Age of the oldest leg quote among the rows, ms. */
  oldestQuoteAgeMs?: number | null;
  /** Errors since start. */
  errors?: number;
  /** Risk-free rate used by every row's POP, touch and EV (SCAN_RISK_FREE_RATE, default 0.045). */
  riskFreeRate?: number;
  /** Crossed legs (bid > ask): exclude (default, not priced) or penalize (kept, flagged CROSSED_QUOTE, score × 0.5); SCAN_CROSSED_QUOTES. */
  crossedQuotes?: 'exclude' | 'penalize';
  /** The first acquisition cycle's progress while it runs (rows are published per expiry batch meanwhile); null once it ended or when idle. */
  firstCycle?: ScanCycleProgressDto | null;
  /** Time from start to the first rows published, ms; null until then. */
  firstRowsMs?: number | null;
}

export class ScanResultsPageDto implements ScanResultsPage {
  /** The sequence number these rows are at (a client merges deltas from seq + 1). */
  seq!: number;
  /** Rows matching the symbol/type filter in the whole result set. */
  total!: number;
  /** The page number asked for; null when paged by cursor. */
  page!: number | null;
  pageSize!: number;
  /** field:dir. */
  sort!: string;
  /** The rows; with `fields`, each row carries only those fields and its id. */
  rows!: SpreadRowDto[];
  /** Give this as `cursor` for the rows after the last one of this page (same sort and filters); null when there are none. */
  nextCursor!: string | null;
  /** The seq the given cursor was issued at; null without a cursor. The table moved between the pages when it differs from seq. */
  cursorSeq!: number | null;
}

export class PreviewCountDto implements PreviewCount {
  /** Spreads the filter set matches now (before maxRows). */
  matched!: number;
  funnel!: ScanFunnelDto;
  symbols!: string[];
  /** Symbols quoted for this preview because the running scan did not hold them. */
  acquired!: string[];
}
