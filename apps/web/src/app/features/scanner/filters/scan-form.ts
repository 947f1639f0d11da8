import {
  type ApiErrorBody,
  type EarningsMode,
  type MissingDataMode,
  type NumericRange,
  type PresetFilters,
  SCAN_DEFAULT_K,
  SCAN_DEFAULT_MAX_ROWS,
  type ScanFilters,
  type ScanRequestDto,
  SPREAD_TYPES,
  type SpreadType,
} from '@ibsc/shared-dto';
import { RANGE_FILTERS, RANGE_KEYS, type RangeKey } from './filter-defs';

/** One range filter as the panel holds it: switched on or off, and its bounds (null = open). */
export interface RangeState {
  enabled: boolean;
  min: number | null;
  max: number | null;
}

export interface Toggled<T> {
  enabled: boolean;
  value: T;
}

/** Everything the filter panel edits; `toScanRequest` turns it into the API's ScanRequestDto. */
export interface ScanFormState {
  symbols: string[];
  spreadTypes: SpreadType[];
  widths: number[];
  k: number;
  maxRows: number;
  ranges: Record<RangeKey, RangeState>;
  minCredit: Toggled<number>;
  maxDebit: Toggled<number>;
  earnings: Toggled<EarningsMode>;
  onMissing: Toggled<MissingDataMode>;
}

const DEFAULT_ENABLED: ReadonlySet<RangeKey> = new Set<RangeKey>(['dte', 'shortDelta', 'pop']);

function initialRange(key: RangeKey, enabled = DEFAULT_ENABLED.has(key)): RangeState {
  const def = RANGE_FILTERS[key];
  return { enabled, min: def.initial.min ?? null, max: def.initial.max ?? null };
}

/** The panel's starting point (and what Reset goes back to). */
export function defaultScanForm(): ScanFormState {
  return {
    symbols: ['SPY', 'QQQ', 'IWM'],
    spreadTypes: ['bull-put', 'bear-call'],
    widths: [1, 2, 5],
    k: SCAN_DEFAULT_K,
    maxRows: SCAN_DEFAULT_MAX_ROWS,
    ranges: Object.fromEntries(RANGE_KEYS.map((key) => [key, initialRange(key)])) as Record<RangeKey, RangeState>,
    minCredit: { enabled: false, value: 0.3 },
    maxDebit: { enabled: false, value: 2 },
    earnings: { enabled: true, value: 'flag' },
    onMissing: { enabled: false, value: 'keep' },
  };
}

/** Only switched-on filters are sent; an open bound is left out. */
export function toScanFilters(state: ScanFormState): ScanFilters {
  const filters: ScanFilters = {};
  for (const key of RANGE_KEYS) {
    const r = state.ranges[key];
    if (!r.enabled) continue;
    const range: NumericRange = {};
    if (r.min !== null) range.min = r.min;
    if (r.max !== null) range.max = r.max;
    filters[key] = range;
  }
  if (state.minCredit.enabled) filters.minCredit = state.minCredit.value;
  if (state.maxDebit.enabled) filters.maxDebit = state.maxDebit.value;
  if (state.earnings.enabled) filters.earnings = state.earnings.value;
  if (state.onMissing.enabled) filters.onMissing = state.onMissing.value;
  return filters;
}

export function toScanRequest(state: ScanFormState, presetId?: string): ScanRequestDto {
  return {
    symbols: [...state.symbols],
    spreadTypes: [...state.spreadTypes],
    widths: [...state.widths],
    k: state.k,
    maxRows: state.maxRows,
    filters: toScanFilters(state),
    ...(presetId ? { presetId } : {}),
  };
}

/** What a preset stores: the filter set (ScanFiltersDto; the API validates it as such). */
export function toPresetFilters(state: ScanFormState): PresetFilters {
  return { ...toScanFilters(state) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * A preset back into the panel: its filters replace the panel's (a filter the preset does not name is switched
 * off); the universe (symbols, types, widths, k, max rows) stays as it is in `current`, unless the stored object
 * is a whole request, which restores those too.
 */
export function fromPresetFilters(stored: PresetFilters, current: ScanFormState = defaultScanForm()): ScanFormState {
  const base = current;
  const whole = isRecord(stored['filters']);
  const filters = (whole ? stored['filters'] : stored) as Record<string, unknown>;
  const state: ScanFormState = { ...base, ranges: { ...base.ranges } };
  if (whole) {
    const symbols = stored['symbols'];
    if (Array.isArray(symbols) && symbols.every((s) => typeof s === 'string')) state.symbols = symbols as string[];
    const types = stored['spreadTypes'];
    if (Array.isArray(types)) state.spreadTypes = types.filter((t): t is SpreadType => (SPREAD_TYPES as readonly unknown[]).includes(t));
    const widths = stored['widths'];
    if (Array.isArray(widths)) state.widths = widths.map(num).filter((w): w is number => w !== null);
    state.k = num(stored['k']) ?? base.k;
    state.maxRows = num(stored['maxRows']) ?? base.maxRows;
  }
  for (const key of RANGE_KEYS) {
    const r = filters[key];
    state.ranges[key] = isRecord(r) ? { enabled: true, min: num(r['min']), max: num(r['max']) } : { ...base.ranges[key], enabled: false };
  }
  const minCredit = num(filters['minCredit']);
  state.minCredit = minCredit === null ? { ...base.minCredit, enabled: false } : { enabled: true, value: minCredit };
  const maxDebit = num(filters['maxDebit']);
  state.maxDebit = maxDebit === null ? { ...base.maxDebit, enabled: false } : { enabled: true, value: maxDebit };
  const earnings = filters['earnings'];
  state.earnings = earnings === 'exclude' || earnings === 'flag' ? { enabled: true, value: earnings } : { ...base.earnings, enabled: false };
  const onMissing = filters['onMissing'];
  state.onMissing = onMissing === 'keep' || onMissing === 'exclude' ? { enabled: true, value: onMissing } : { ...base.onMissing, enabled: false };
  return state;
}

/**
 * The API's per-field problems, keyed by the panel's field names: "filters.pop.min" and "filters.pop" both go to
 * "pop"; "symbols.0" to "symbols". Messages without a field (or a field the panel does not show) go to "".
 */
export function fieldErrors(body: ApiErrorBody | null): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!body) return out;
  const known = new Set<string>([...RANGE_KEYS, 'minCredit', 'maxDebit', 'earnings', 'onMissing', 'symbols', 'spreadTypes', 'widths', 'k', 'maxRows']);
  for (const detail of body.details ?? []) {
    const parts = detail.field.split('.').filter((p) => p !== 'filters' && !/^\d+$/.test(p));
    const key = parts.find((p) => known.has(p)) ?? '';
    out[key] = [...(out[key] ?? []), ...detail.problems];
  }
  if (!body.details?.length) out[''] = [body.message];
  return out;
}

/** Problems the panel can see before asking the API (the API remains the judge). */
export function localProblems(state: ScanFormState): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (key: string, message: string) => (out[key] = [...(out[key] ?? []), message]);
  if (state.symbols.length === 0) add('symbols', 'Pick at least one symbol.');
  if (state.spreadTypes.length === 0) add('spreadTypes', 'Pick at least one spread type.');
  if (state.widths.length === 0) add('widths', 'Give at least one width.');
  for (const key of RANGE_KEYS) {
    const r = state.ranges[key];
    if (r.enabled && r.min !== null && r.max !== null && r.min > r.max) add(key, `Min (${r.min}) is above max (${r.max}).`);
  }
  return out;
}
