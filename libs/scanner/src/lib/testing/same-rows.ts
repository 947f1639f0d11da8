/**
 * Comparing two result tables in the equivalence tests: numbers equal to 1e-9 (NaN equals NaN), everything else
 * strictly, and the score bit for bit. Returns the first difference (a path and both values), or null.
 */
import type { SpreadRow } from '@ibsc/shared-dto';

export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) && Number.isNaN(b)) return null;
    return a === b || Math.abs(a - b) <= 1e-9 ? null : `${path}: ${a} vs ${b}`;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b) ? null : `${path}: ${String(a)} vs ${String(b)}`;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  if (ka.join() !== kb.join()) return `${path}: keys ${ka.join()} vs ${kb.join()}`;
  for (const k of ka) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

/** The first difference between two ranked tables: their ids in order, then every field of every row. */
export function rowsDifference(got: readonly SpreadRow[], want: readonly SpreadRow[]): string | null {
  const ids = got.map((r) => r.id).join(',');
  if (ids !== want.map((r) => r.id).join(',')) return `ids differ (${got.length} vs ${want.length} rows)`;
  for (let i = 0; i < want.length; i++) {
    const d = firstDifference(got[i], want[i], want[i].id);
    if (d) return d;
    if (got[i].score !== want[i].score) return `${want[i].id}.score not bit-identical`;
  }
  return null;
}
