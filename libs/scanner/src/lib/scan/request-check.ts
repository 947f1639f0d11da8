/**
 * Checks a scan request against the chains it names, for what a DTO cannot know: unknown symbols and a DTE
 * window beyond every listed expiry. Returns problems in the API's `{field, problems}` shape (empty when fine).
 */
import type { ScanFilters } from '@ibsc/shared-dto';
import { dteFrom, newYorkDayNumber } from '../chain/calendar';
import type { ChainDefinition } from '../chain/option-chain';

export interface FieldProblem {
  field: string;
  problems: string[];
}

export function checkRequestAgainstChains(
  request: { symbols: readonly string[]; filters?: ScanFilters },
  definitions: ReadonlyMap<string, ChainDefinition>,
  now: number,
): FieldProblem[] {
  const out: FieldProblem[] = [];
  const unknown = request.symbols.filter((s) => !definitions.has(s));
  if (unknown.length) out.push({ field: 'symbols', problems: [`symbols has unknown symbols: ${unknown.join(', ')}`] });
  const dte = request.filters?.dte;
  if (dte?.min !== undefined) {
    const today = newYorkDayNumber(now);
    let maxDte = -1;
    for (const s of request.symbols) for (const e of definitions.get(s)?.expiries ?? []) maxDte = Math.max(maxDte, dteFrom(today, e.expiry));
    if (maxDte >= 0 && dte.min > maxDte) out.push({ field: 'filters.dte.min', problems: [`filters.dte.min (${dte.min}) is beyond the last listed expiry (${maxDte} days)`] });
  }
  return out;
}
