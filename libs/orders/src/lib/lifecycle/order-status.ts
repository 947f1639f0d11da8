/**
 * Our order states and how IB's statuses map onto them.
 *
 *   created ─transmit─▶ pending_submit ─▶ submitted ─▶ partially_filled ─▶ filled
 *                                              └──────────┴──▶ cancelled | rejected | inactive
 *   created | pending_submit ─disconnect─▶ unknown ─reconciliation─▶ any state above
 *
 * `created`: committed to Postgres with its orderRef and order id, not yet handed to the gateway.
 */
import { ORDER_STATUS_NAMES, type OrderStatusName } from '@ibsc/shared-dto';

/** The wire contract's list (libs/shared-dto), the one home of the names. */
export const ORDER_STATUSES = ORDER_STATUS_NAMES;
export type OrderStatus = OrderStatusName;

export const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['filled', 'cancelled', 'rejected', 'inactive']);

export function isTerminal(s: OrderStatus): boolean {
  return TERMINAL_STATUSES.has(s);
}

/** Progress order; a status never moves backwards (out-of-order events are ignored). unknown is outside it. */
const RANK: Record<OrderStatus, number> = {
  unknown: -1,
  created: 0,
  pending_submit: 1,
  submitted: 2,
  partially_filled: 3,
  filled: 4,
  cancelled: 4,
  rejected: 4,
  inactive: 4,
};

export function rankOf(s: OrderStatus): number {
  return RANK[s];
}

/**
 * IB status → ours. PendingCancel is not a state of its own: the order still works until IB says Cancelled, so it
 * maps to null (no change; the caller flags cancelRequested). Unknown strings map to null too.
 */
export function fromIbStatus(status: string, filled: number, remaining: number | null): OrderStatus | null {
  switch (status) {
    case 'ApiPending':
    case 'PendingSubmit':
      return 'pending_submit';
    case 'PreSubmitted':
    case 'Submitted':
      return filled > 0 && (remaining === null || remaining > 0) ? 'partially_filled' : 'submitted';
    case 'ApiCancelled':
    case 'Cancelled':
      return 'cancelled';
    case 'Filled':
      return 'filled';
    case 'Inactive':
      return 'inactive';
    default:
      return null;
  }
}
