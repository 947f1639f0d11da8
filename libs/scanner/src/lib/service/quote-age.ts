/** The quote age of a result set's rows, as the scoring reports it with them (the scanner's quote-age gauge). */
import type { SpreadRow } from '@ibsc/shared-dto';

/** Seconds. */
export interface QuoteAgeSummary {
  oldest: number;
  median: number;
}

export function quoteAgeSummary(rows: readonly SpreadRow[]): QuoteAgeSummary | null {
  if (!rows.length) return null;
  const ages = rows.map((r) => r.quoteAgeMs / 1000).sort((a, b) => a - b);
  return { oldest: ages[ages.length - 1], median: ages[Math.floor(ages.length / 2)] };
}
