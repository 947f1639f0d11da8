/**
 * The scanner's wire contract: the request the browser sends (validated server-side by the class-validator classes in
 * apps/api/src/app/scan/scan-request.dto.ts), the rows and funnel the API returns, and the Socket.IO payloads. Plain
 * types and constants only: no imports, nothing that runs in the browser but data.
 *
 * Units, everywhere: prices per share (as quoted); money per spread (× multiplier × quantity, in the contract's
 * currency); probabilities as fractions in [0, 1]; IV rank and IV percentile in [0, 100]; DTE in calendar days.
 */

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary

export const SPREAD_TYPES = ['bull-call', 'bear-put', 'bull-put', 'bear-call'] as const;
/** bull-call and bear-put are debit spreads; bull-put and bear-call are credit spreads. */
export type SpreadType = (typeof SPREAD_TYPES)[number];
export type SpreadSide = 'credit' | 'debit';

/** The labels every probability and value carries; the grid shows them as column tooltips. */
export const POP_METHOD = 'risk-neutral N(d2) at breakeven, smile IV' as const;
export const POP_DELTA_METHOD = 'delta shortcut: |Δ| interpolated at breakeven (overstates P(ITM))' as const;
export const TOUCH_METHOD = 'risk-neutral GBM first passage of the short strike before expiry, smile IV at short strike' as const;
export const EV_METHOD = 'risk-neutral lognormal (smile IV at breakeven), discounted payoff minus expected fill, hold to expiry' as const;
export const FILL_METHOD = 'mid moved k × half-spread toward natural' as const;
export const IV_RANK_METHOD = '100·(IV − min)/(max − min) over 252 days' as const;
export const IV_PERCENTILE_METHOD = '100·(days with IV below today)/days, over 252 days' as const;

/**
 * Flags a row may carry. A flagged row is shown, never silently dropped.
 * - MISSING_GREEKS: a leg came without gateway greeks; net greeks are local Black–Scholes from its IV (or null).
 * - MISSING_OPEN_INTEREST / MISSING_VOLUME: a leg came without that field; liquidity filters keep the row
 *   unless `onMissing: 'exclude'`.
 * - MISSING_IV: no IV on the smile near the breakeven; POP/EV/touch fall back to the underlying's IV.
 * - STALE_QUOTE: the oldest leg quote is older than the staleness limit.
 * - EARNINGS_IN_WINDOW: the next earnings date falls between now and expiry.
 * - PRICE_OUTSIDE_BOUNDS: the expected fill is ≤ 0 or ≥ width, so the spread's economics are meaningless.
 * - CROSSED_QUOTE: a leg's bid is above its ask.
 * - NO_BID: the short leg's bid is 0.
 * - EARLY_ASSIGNMENT_RISK: the short leg is an American call in the money whose time value is below the next dividend,
 *   and the ex-dividend date falls before expiry: it may be assigned the day before.
 */
export const SPREAD_FLAGS = [
  'MISSING_GREEKS',
  'MISSING_OPEN_INTEREST',
  'MISSING_VOLUME',
  'MISSING_IV',
  'STALE_QUOTE',
  'EARNINGS_IN_WINDOW',
  'PRICE_OUTSIDE_BOUNDS',
  'CROSSED_QUOTE',
  'NO_BID',
  'EARLY_ASSIGNMENT_RISK',
] as const;
export type SpreadFlag = (typeof SPREAD_FLAGS)[number];

export const EARNINGS_MODES = ['exclude', 'flag'] as const;
export type EarningsMode = (typeof EARNINGS_MODES)[number];
export const MISSING_DATA_MODES = ['keep', 'exclude'] as const;
export type MissingDataMode = (typeof MISSING_DATA_MODES)[number];

// ---------------------------------------------------------------------------------------------------------------
// Ranges

/** A range filter: both bounds optional and inclusive (min ≤ value ≤ max). */
export interface NumericRange {
  min?: number;
  max?: number;
}

/** The plain shape of ScanFiltersDto, for code that does not need the class. */
export interface ScanFilters {
  dte?: NumericRange;
  shortDelta?: NumericRange;
  legVolume?: NumericRange;
  legOpenInterest?: NumericRange;
  legBidAsk?: NumericRange;
  legBidAskPct?: NumericRange;
  width?: NumericRange;
  netGamma?: NumericRange;
  netTheta?: NumericRange;
  netVega?: NumericRange;
  ivRank?: NumericRange;
  ivPercentile?: NumericRange;
  pop?: NumericRange;
  returnOnRisk?: NumericRange;
  creditToWidth?: NumericRange;
  expectedValue?: NumericRange;
  minCredit?: number;
  maxDebit?: number;
  earnings?: EarningsMode;
  onMissing?: MissingDataMode;
}

export const SCAN_DEFAULT_K = 0.5;
export const SCAN_DEFAULT_MAX_ROWS = 500;

export interface ScanRequestDto {
  /** Underlying symbols, 1–50, e.g. ["SPY", "QQQ"]. */
  symbols: string[];

  /** Which verticals to build: any of bull-call, bear-put (debit), bull-put, bear-call (credit). */
  spreadTypes: SpreadType[];

  /** Strike widths to build, per share, 1–10 values each above 0 and at most 1000, e.g. [1, 2.5, 5]. */
  widths: number[];

  /** Expected-fill slippage: 0 = mid, 1 = natural (FILL_METHOD). Default 0.5. */
  k?: number;

  filters?: ScanFilters;

  /** The preset these settings came from, if any. */
  presetId?: string;

  /** Keep the best N rows by score, 1–5000. Default 500. */
  maxRows?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Responses and events

export interface SpreadLegView {
  conId: number | null;
  right: 'C' | 'P';
  strike: number;
  bid: number;
  ask: number;
  mid: number;
  /** Gateway delta (per share), or null when missing. */
  delta: number | null;
  iv: number | null;
  volume: number | null;
  openInterest: number | null;
  /** Epoch ms of this leg's last quote update. */
  quoteTime: number;
}

export interface NetGreeks {
  /** Shares-equivalent delta per spread. */
  delta: number;
  /** Change in delta per $1 move, per spread. */
  gamma: number;
  /** Money per calendar day, per spread. */
  theta: number;
  /** Money per vol point, per spread. */
  vega: number;
}

/** One grid row: a vertical spread and every number about it, each with its method. */
/** Where a row's dividend yield came from: the gateway's IB Dividends tick (456), configuration, or none known (0). */
export const DIVIDEND_YIELD_SOURCES = ['gateway', 'config', 'none'] as const;
export type DividendYieldSource = (typeof DIVIDEND_YIELD_SOURCES)[number];

/** When an option's settlement value is fixed: the close of the expiry day (PM) or its opening prints (AM). */
export const OPTION_SETTLEMENTS = ['AM', 'PM'] as const;
export type OptionSettlement = (typeof OPTION_SETTLEMENTS)[number];
/** American (equity and ETF options: exercisable any day, so assignable early) or European (index options). */
export const OPTION_EXERCISES = ['american', 'european'] as const;
export type OptionExercise = (typeof OPTION_EXERCISES)[number];

export interface SpreadRow {
  /** Stable across scans: `SYMBOL|YYYYMMDD|type|shortStrike/longStrike`. */
  id: string;
  symbol: string;
  type: SpreadType;
  side: SpreadSide;
  /** YYYYMMDD. */
  expiry: string;
  /** Calendar days from today (New York) to the expiry date. */
  dte: number;
  /** Epoch ms when the options stop trading (16:00 New York for equity options); rows past it are never returned. */
  expiresAt: number;
  /** T, years: (expiresAt − now) / 365 days, the honest time left (no floor). */
  yearsToExpiry: number;
  /** Risk-free rate (continuously compounded) used by POP, touch, EV and the payoff chart. */
  rate: number;
  /** Continuous dividend yield of the underlying used by the same, and its source. */
  dividendYield: number;
  dividendYieldSource: DividendYieldSource;
  spot: number;
  width: number;
  multiplier: number;
  quantity: number;
  short: SpreadLegView;
  long: SpreadLegView;
  /** Net price per share (credit received or debit paid, always ≥ 0 for a sane quote) at mid. */
  netMid: number;
  /** Net price per share at natural (sell at bid, buy at ask). */
  netNatural: number;
  /** Net price per share at the expected fill. */
  expectedFill: number;
  k: number;
  fillMethod: typeof FILL_METHOD;
  /** At the expected fill, money per spread, after fees. */
  maxProfit: number;
  maxLoss: number;
  breakeven: number;
  /** maxProfit / maxLoss, or null when maxLoss ≤ 0. */
  returnOnRisk: number | null;
  /** credit / width at the expected fill; null for debit spreads. */
  creditToWidth: number | null;
  pop: number;
  popMethod: typeof POP_METHOD;
  popDelta: number | null;
  popDeltaMethod: typeof POP_DELTA_METHOD;
  /** σ used for POP and EV (smile at the breakeven), and where it came from. */
  ivAtBreakeven: number;
  ivSource: 'smile' | 'underlying';
  touch: number;
  touchMethod: typeof TOUCH_METHOD;
  /** Money per spread. */
  expectedValue: number;
  evMethod: typeof EV_METHOD;
  greeks: NetGreeks | null;
  greeksSource: 'gateway' | 'local-bs' | 'none';
  ivRank: number | null;
  ivPercentile: number | null;
  earningsDate: string | null;
  /** Epoch ms of the oldest leg quote, and its age when the row was computed. */
  quoteTime: number;
  quoteAgeMs: number;
  flags: SpreadFlag[];
  /** 0–100; see docs/scanner.md. */
  score: number;
  /** IB trading class of both legs (SPY; SPX for AM monthlies, SPXW for PM weeklies/dailies). */
  tradingClass: string;
  /** Settlement: PM at the expiry day's close; AM at its open, trading ending the business day before. */
  settlement: OptionSettlement;
  exercise: OptionExercise;
  /** Index options settle in cash (multiplier × intrinsic value); equity options deliver shares. */
  cashSettled: boolean;
  /** Epoch ms the settlement value is fixed (T runs to it): expiresAt for PM, 09:30 New York of the expiry day for AM. */
  settlesAt: number;
}

export interface ScanFunnelStep {
  /** Stage or filter id, e.g. "prefilter", "priced", "pop". */
  id: string;
  label: string;
  /** Rows entering and leaving this step. */
  before: number;
  after: number;
  /** Rows kept only because the filtered field was missing (flagged). */
  keptMissing: number;
}

export interface ScanFunnel {
  /** Contracts listed in the chains, and how many the pre-filter chose to quote. */
  contractsListed: number;
  contractsQuoted: number;
  /** Verticals enumerated before any filter. */
  candidates: number;
  /** Steps in the order they ran (the filter order adapts to measured selectivity). */
  steps: ScanFunnelStep[];
  /** Rows after the last filter, and after the maxRows cut. */
  matched: number;
  returned: number;
}

export const SCAN_STATES = ['idle', 'starting', 'running', 'stopping', 'error'] as const;
export type ScanState = (typeof SCAN_STATES)[number];

export interface ScanStatus {
  state: ScanState;
  startedAt: string | null;
  lastScanAt: string | null;
  /** Full scans completed since start. */
  scans: number;
  lastScanMs: number | null;
  symbols: string[];
  rows: number;
  /** Sequence number of the latest delta. */
  seq: number;
  funnel: ScanFunnel | null;
  message: string | null;
  /** idle: not running; ok; stale: the oldest leg quote among the rows is past the staleness limit; error: the last cycle got no chain. */
  health?: ScanHealth;
  /** How option quotes are acquired: 'snapshot' (default, measured faster) or 'stream' (rotation); docs/scanner.md. */
  quoteMode?: string | null;
  /** Clock time of the last full acquisition cycle over every symbol, ms. */
  lastCycleMs?: number | null;
  /** Age of the oldest leg quote among the rows, ms. */
  oldestQuoteAgeMs?: number | null;
  /** Errors since start (also sent as scan.error events). */
  errors?: number;
  /** The risk-free rate every row's POP, touch and EV use (SCAN_RISK_FREE_RATE); each row repeats it with its dividend yield. */
  riskFreeRate?: number;
  /** What the scan does with crossed legs (bid > ask): exclude (default: not priced) or penalize (kept, flagged, score × 0.5). */
  crossedQuotes?: 'exclude' | 'penalize';
  /** Contracts of the chains held (last acquisition of each symbol): listed, quoted, and pruned (ADR 0017). */
  acquisition?: ScanAcquisitionCounts | null;
  /** The fresh lane (ADR 0024): the top rows' and named rows' leg quotes refreshed between cycles; null when off. */
  freshLane?: ScanFreshLaneCounts | null;
  /** The first acquisition cycle's progress while it runs (rows are published per expiry batch meanwhile); null once it ended or when idle. */
  firstCycle?: ScanCycleProgress | null;
  /** Time from start to the first rows published, ms; null until then. */
  firstRowsMs?: number | null;
}

export interface ScanAcquisitionCounts {
  listed: number;
  /** Quoted with a market (anchors included). */
  quoted: number;
  /** Not asked for: no spread using them could reach the top maxRows on estimated quotes. */
  pruned: number;
  /** Legs of the rows a trader sees held on streaming lines now. */
  streaming: number;
}

/** The fresh lane's counts (ADR 0024); the totals run from the API's start. */
export interface ScanFreshLaneCounts {
  /** Legs in the fresh set now (named rows', then the top rows'). */
  legs: number;
  /** Streaming lines the lane holds, and short rotation streams in flight, now. */
  held: number;
  rotating: number;
  /** Leg quotes refreshed: in all, read from streaming lines (no message), from rotation streams (2 messages each). */
  refreshed: number;
  fromStreams: number;
  fromRotation: number;
  /** Rotations without a bid/ask in time. */
  missed: number;
  /** Messages the lane sent (2 per held line or rotation: request and cancel). */
  messages: number;
  /** Ticks on which backpressure held the lane's messages back. */
  backoffs: number;
}

/** How far the first cycle got: symbols fully acquired and option contracts answered, of the totals. */
export interface ScanCycleProgress {
  symbolsDone: number;
  symbolsTotal: number;
  /** Contracts answered (quoted, or found without a market) so far. */
  contractsDone: number;
  /** Contracts to be asked for over every symbol (with pruning: the anchors and the kept ones, once planned); null until every symbol's count is known. */
  contractsTotal: number | null;
}

export const SCAN_HEALTH = ['idle', 'ok', 'stale', 'error'] as const;
export type ScanHealth = (typeof SCAN_HEALTH)[number];

export interface ScanSnapshotEvent {
  /** The state after the delta with this sequence number; deltas continue at seq + 1. */
  seq: number;
  at: string;
  rows: SpreadRow[];
  funnel: ScanFunnel | null;
}

export interface ScanDeltaEvent {
  /** Always previous seq + 1; a gap means the client missed one and must resync. */
  seq: number;
  at: string;
  added: SpreadRow[];
  updated: SpreadRow[];
  /** Ids of rows that no longer match. */
  removed: string[];
}

export type ScanStatusEvent = ScanStatus;

export interface ScanErrorEvent {
  at: string;
  code: string;
  message: string;
  symbol: string | null;
}

/** Sent by a client that saw a gap; `lastSeq` is the last sequence it applied. */
export interface ScanResyncRequest {
  lastSeq: number | null;
}

/**
 * The rows a client shows or has selected (row ids, most important first: selected / in a ticket, then the visible
 * rows as sorted). Replaces that client's previous list; the scan keeps their legs fresh (ADR 0017).
 */
export interface ScanVisibleRequest {
  ids: string[];
}

/** Most row ids a `scan.visible` request may name (the API refuses longer lists). */
export const SCAN_VISIBLE_MAX_IDS = 200;

export type ScanVisibleReply = { ok: true; accepted: number } | { ok: false; field: string; message: string };

/** The missed deltas when the server still holds them, else a fresh snapshot. */
export type ScanResyncReply = { kind: 'deltas'; deltas: ScanDeltaEvent[] } | { kind: 'snapshot'; snapshot: ScanSnapshotEvent };

/** GET /scan/results: one page of the current result set (paged by `page` or by `cursor`, ADR 0019). */
export interface ScanResultsPage {
  /** The sequence number these rows are at (a client merges deltas from seq + 1). */
  seq: number;
  /** Rows matching the symbol/type filter in the whole result set. */
  total: number;
  /** The page number asked for; null when paged by cursor. */
  page: number | null;
  pageSize: number;
  /** field:dir. */
  sort: string;
  /** The rows; with `fields`, each row carries only those fields and its id. */
  rows: ScanResultsRow[];
  /** Give this as `cursor` for the rows after the last one of this page (same sort and filters); null when there are none. */
  nextCursor: string | null;
  /** The seq the cursor given was issued at (null without one): the table moved between pages when it differs from `seq`. */
  cursorSeq: number | null;
}

/** A row of a results page: every field, or with `fields` only those and the id. */
export type ScanResultsRow = Partial<SpreadRow> & { id: string };

/** POST /scan/preview-count: how many spreads a request matches now. */
export interface PreviewCount {
  /** Spreads the filter set matches now (before maxRows). */
  matched: number;
  funnel: ScanFunnel;
  symbols: string[];
  /** Symbols quoted for this preview because the running scan did not hold them. */
  acquired: string[];
}
