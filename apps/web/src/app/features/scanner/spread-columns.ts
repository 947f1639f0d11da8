import type { SpreadRow } from '@ibsc/shared-dto';
import type { ColDef, ColGroupDef, ValueFormatterParams } from 'ag-grid-community';

type Fmt = (p: ValueFormatterParams<SpreadRow, number | null>) => string;

const DASH = '—';
const fixed =
  (digits: number): Fmt =>
  (p) =>
    p.value == null ? DASH : p.value.toFixed(digits);
const price = fixed(2);
const money = fixed(2);
const pct: Fmt = (p) => (p.value == null ? DASH : `${(p.value * 100).toFixed(1)} %`);
const age: Fmt = (p) =>
  p.value == null ? DASH : p.value < 1000 ? `${Math.round(p.value)} ms` : `${(p.value / 1000).toFixed(1)} s`;

/** "−450P / +445P": the short leg is sold, the long leg bought. */
export function formatLegs(row: Pick<SpreadRow, 'short' | 'long'>): string {
  return `−${row.short.strike}${row.short.right} / +${row.long.strike}${row.long.right}`;
}

/** YYYYMMDD → YYYY-MM-DD. */
export function formatExpiry(expiry: string): string {
  return /^\d{8}$/.test(expiry) ? `${expiry.slice(0, 4)}-${expiry.slice(4, 6)}-${expiry.slice(6)}` : expiry;
}

/** "SPXW · PM · European · cash" / "SPY · PM · American": trading class, settlement, exercise, cash settlement. */
export function formatStyle(row: Pick<SpreadRow, 'tradingClass' | 'settlement' | 'exercise' | 'cashSettled'>): string {
  if (!row.tradingClass) return DASH;
  const parts = [row.tradingClass, row.settlement, row.exercise === 'european' ? 'European' : 'American'];
  if (row.cashSettled) parts.push('cash');
  return parts.join(' · ');
}

/** The same in words, for the tooltip and the detail view. */
export function describeStyle(row: Pick<SpreadRow, 'tradingClass' | 'settlement' | 'exercise' | 'cashSettled'>): string {
  const settles =
    row.settlement === 'AM'
      ? 'AM-settled: the settlement value comes from the opening prints of the expiry day; trading ends the business day before'
      : 'PM-settled: at the close of the expiry day';
  const exercise = row.exercise === 'european' ? 'European: exercised only at expiry, never assigned early' : 'American: may be assigned any day';
  const delivery = row.cashSettled ? 'settles in cash (100 × intrinsic value)' : 'delivers shares';
  return `Class ${row.tradingClass}. ${settles}. ${exercise}; ${delivery}.`;
}

/** Past this, a row's quote is dimmed in the Age column (the scanner flags STALE_QUOTE only at 60 s). */
export const OLD_QUOTE_MS = 15_000;

/** The grid's context: the time the Age column measures against (a ticking signal, so ages grow without deltas). */
export interface SpreadGridContext {
  now(): number;
}

/** Age of the row's oldest leg quote at `now`, ms (never negative: the browser's clock may trail the server's). */
export function quoteAgeAt(row: Pick<SpreadRow, 'quoteTime'>, now: number): number {
  return Math.max(0, now - row.quoteTime);
}

/** "14:30:05.123" in the browser's time zone (the quote time of a row). */
export function formatQuoteTime(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

function minOf(a: number | null, b: number | null): number | null {
  return a == null || b == null ? null : Math.min(a, b);
}

const numeric: Partial<ColDef<SpreadRow>> = { type: 'rightAligned', width: 92, cellClass: 'num' };

/**
 * Columns of the results grid (issue 7's list), grouped as a trader reads them. Every probability and value
 * shows its method as a tooltip. Units follow `SpreadRow`: prices per share, money per spread, probabilities 0–1.
 */
export const SPREAD_COLUMNS: Array<ColDef<SpreadRow> | ColGroupDef<SpreadRow>> = [
  {
    headerName: 'Spread',
    children: [
      { colId: 'symbol', field: 'symbol', headerName: 'Symbol', width: 90, pinned: 'left' },
      {
        colId: 'legs',
        headerName: 'Legs',
        width: 140,
        pinned: 'left',
        valueGetter: (p) => (p.data ? formatLegs(p.data) : ''),
      },
    ],
  },
  {
    headerName: 'Contract',
    children: [
      { colId: 'type', field: 'type', headerName: 'Type', width: 96 },
      {
        colId: 'expiry',
        field: 'expiry',
        headerName: 'Expiry',
        width: 108,
        valueFormatter: (p) => (p.value ? formatExpiry(String(p.value)) : ''),
      },
      { ...numeric, colId: 'dte', field: 'dte', headerName: 'DTE', width: 70 },
      {
        colId: 'style',
        headerName: 'Class / settle',
        width: 170,
        valueGetter: (p) => (p.data ? formatStyle(p.data) : ''),
        tooltip: (p) => (p.data ? describeStyle(p.data) : null),
      },
      { ...numeric, colId: 'width', field: 'width', headerName: 'Width', valueFormatter: price, width: 80 },
    ],
  },
  {
    headerName: 'Price',
    children: [
      { ...numeric, colId: 'mid', field: 'netMid', headerName: 'Mid', valueFormatter: price },
      { ...numeric, colId: 'natural', field: 'netNatural', headerName: 'Natural', valueFormatter: price },
      {
        ...numeric,
        colId: 'expected',
        field: 'expectedFill',
        headerName: 'Expected',
        headerTooltip: 'Expected fill price',
        valueFormatter: price,
        tooltip: (p) => (p.data ? `Expected fill: ${p.data.fillMethod} (k = ${p.data.k})` : null),
      },
    ],
  },
  {
    headerName: 'Risk / reward',
    children: [
      { ...numeric, colId: 'maxProfit', field: 'maxProfit', headerName: 'Max profit', valueFormatter: money, width: 104 },
      { ...numeric, colId: 'maxLoss', field: 'maxLoss', headerName: 'Max loss', valueFormatter: money, width: 100 },
      { ...numeric, colId: 'breakeven', field: 'breakeven', headerName: 'Breakeven', valueFormatter: price, width: 104 },
      {
        ...numeric,
        colId: 'ev',
        field: 'expectedValue',
        headerName: 'EV',
        headerTooltip: 'Expected value per spread',
        valueFormatter: money,
        tooltip: (p) => (p.data ? `EV: ${p.data.evMethod}` : null),
      },
      { ...numeric, colId: 'ror', field: 'returnOnRisk', headerName: 'RoR', headerTooltip: 'Return on risk', valueFormatter: pct },
      {
        ...numeric,
        colId: 'creditToWidth',
        field: 'creditToWidth',
        headerName: 'Cr/W',
        headerTooltip: 'Credit / width (credit spreads)',
        valueFormatter: pct,
      },
    ],
  },
  {
    headerName: 'Probability',
    children: [
      {
        ...numeric,
        colId: 'pop',
        field: 'pop',
        headerName: 'POP',
        headerTooltip: 'Probability of profit at expiry',
        valueFormatter: pct,
        tooltip: (p) => (p.data ? `POP: ${p.data.popMethod}` : null),
      },
      {
        ...numeric,
        colId: 'touch',
        field: 'touch',
        headerName: 'Touch',
        headerTooltip: 'Probability of touching the short strike before expiry',
        valueFormatter: pct,
        tooltip: (p) => (p.data ? `Touch: ${p.data.touchMethod}` : null),
      },
    ],
  },
  {
    headerName: 'Volatility',
    children: [
      { ...numeric, colId: 'ivRank', field: 'ivRank', headerName: 'IV rank', valueFormatter: fixed(0) },
      {
        ...numeric,
        colId: 'ivPercentile',
        field: 'ivPercentile',
        headerName: 'IV pct',
        headerTooltip: 'IV percentile',
        valueFormatter: fixed(0),
      },
    ],
  },
  {
    headerName: 'Greeks',
    children: (
      [
        ['delta', 'Δ Delta', 2],
        ['gamma', 'Γ Gamma', 3],
        ['theta', 'Θ Theta', 2],
        ['vega', 'ν Vega', 2],
      ] as const
    ).map(
      ([greek, headerName, digits]): ColDef<SpreadRow> => ({
        ...numeric,
        colId: greek,
        headerName,
        valueGetter: (p) => p.data?.greeks?.[greek] ?? null,
        valueFormatter: fixed(digits),
        tooltip: (p) => (p.data ? `Net ${greek} per spread (${p.data.greeksSource})` : null),
      }),
    ),
  },
  {
    headerName: 'Liquidity',
    children: [
      {
        ...numeric,
        colId: 'minOpenInterest',
        headerName: 'Min OI',
        headerTooltip: 'Lower open interest of the two legs',
        valueGetter: (p) => (p.data ? minOf(p.data.short.openInterest, p.data.long.openInterest) : null),
        valueFormatter: fixed(0),
      },
      {
        ...numeric,
        colId: 'minVolume',
        headerName: 'Min vol',
        headerTooltip: "Lower of the two legs' volume today",
        valueGetter: (p) => (p.data ? minOf(p.data.short.volume, p.data.long.volume) : null),
        valueFormatter: fixed(0),
      },
      {
        ...numeric,
        colId: 'quoteAge',
        headerName: 'Age',
        headerTooltip: "Age of the row's oldest leg quote, now (dimmed past 15 s)",
        width: 80,
        valueGetter: (p) => (p.data ? quoteAgeAt(p.data, (p.context as SpreadGridContext).now()) : null),
        valueFormatter: age,
        // It changes every second by itself: no flash for that.
        enableCellChangeFlash: false,
        cellClassRules: { 'cell--old': (p) => p.value != null && p.value > OLD_QUOTE_MS },
        tooltip: (p) => (p.data ? `Quote time ${formatQuoteTime(p.data.quoteTime)} (the older leg's)` : null),
      },
    ],
  },
  {
    headerName: 'Quality',
    children: [
      { ...numeric, colId: 'score', field: 'score', headerName: 'Score', valueFormatter: fixed(0), width: 80, sort: 'desc' },
      {
        colId: 'flags',
        headerName: 'Flags',
        width: 180,
        valueGetter: (p) => (p.data ? p.data.flags.join(', ') : ''),
        tooltip: (p) => (p.data?.flags.length ? p.data.flags.join('\n') : null),
      },
    ],
  },
];
