/**
 * A filter tests one item. Filters are pure and independent, so the chain may run them in any order.
 *
 * `cost` is a static relative cost per item (1 = a field read and two comparisons); the chain combines it with
 * the measured pass rate to choose the order.
 */
export const Verdict = {
  Fail: 0,
  Pass: 1,
  /** The field the filter reads is missing; the item is kept (and carries a MISSING_* flag). */
  KeptMissing: 2,
} as const;
export type Verdict = (typeof Verdict)[keyof typeof Verdict];

export interface Filter<T> {
  readonly id: string;
  readonly label: string;
  readonly cost: number;
  test(item: T): Verdict;
}
