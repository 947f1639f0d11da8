import { hashUnit } from '../market/seeded-random';

/** A delay drawn per request, uniformly in [min, max] ms (seeded, so a run is repeatable). */
export interface DelayRange {
  min: number;
  max: number;
}

/**
 * How long the simulated gateway takes to answer market-data requests (ADR 0019). `fast` (the default, used by the
 * test suite) answers at once; `realistic` follows what IB Gateway does, so acquisition benchmarks are not flattered:
 * - a streaming line's first values arrive after `firstTick` (IB: a few hundred ms);
 * - a snapshot's values arrive after `firstTick`, and its tickSnapshotEnd only after `snapshotEnd` (IB waits for every
 *   value of the contract and ends an option snapshot after up to about 11 s), the market-data line held meanwhile;
 * - quotes keep moving: the market model steps every `marketStepMs` (the model's option, default 250 ms).
 */
export interface SimTimings {
  firstTick: DelayRange;
  snapshotEnd: DelayRange;
  marketStepMs: number;
}

export const SIM_TIMING_PRESETS = {
  fast: { firstTick: { min: 0, max: 0 }, snapshotEnd: { min: 0, max: 0 }, marketStepMs: 250 },
  realistic: { firstTick: { min: 100, max: 400 }, snapshotEnd: { min: 2_000, max: 11_000 }, marketStepMs: 250 },
} as const satisfies Record<string, SimTimings>;

export type SimTimingPreset = keyof typeof SIM_TIMING_PRESETS;
export const SIM_TIMING_PRESET_NAMES = Object.keys(SIM_TIMING_PRESETS) as SimTimingPreset[];

/** A preset name, or a preset's values with some replaced. */
export type SimTimingsInput = SimTimingPreset | (Partial<SimTimings> & { preset?: SimTimingPreset });

export function resolveTimings(input: SimTimingsInput | undefined): SimTimings {
  const given = typeof input === 'string' ? { preset: input } : (input ?? {});
  const preset = given.preset ?? 'fast';
  const base: SimTimings | undefined = SIM_TIMING_PRESETS[preset];
  if (!base) throw new RangeError(`timings.preset must be one of ${SIM_TIMING_PRESET_NAMES.join(', ')}, got ${String(preset)}`);
  const t: SimTimings = {
    firstTick: given.firstTick ?? base.firstTick,
    snapshotEnd: given.snapshotEnd ?? base.snapshotEnd,
    marketStepMs: given.marketStepMs ?? base.marketStepMs,
  };
  for (const k of ['firstTick', 'snapshotEnd'] as const) {
    const { min, max } = t[k];
    if (!(Number.isFinite(min) && Number.isFinite(max) && min >= 0 && max >= min && max <= 120_000)) {
      throw new RangeError(`timings.${k} must be { min, max } with 0 ≤ min ≤ max ≤ 120000 ms, got ${JSON.stringify(t[k])}`);
    }
  }
  if (!(Number.isFinite(t.marketStepMs) && t.marketStepMs > 0)) {
    throw new RangeError(`timings.marketStepMs must be a number > 0, got ${t.marketStepMs}`);
  }
  return t;
}

/** The delay of one request: seeded by the simulator's seed and a per-service request counter. */
export function drawDelay(range: DelayRange, seed: number, n: number, salt: number): number {
  if (range.max === range.min) return range.min;
  return Math.round(range.min + (range.max - range.min) * hashUnit(seed, n, salt));
}
