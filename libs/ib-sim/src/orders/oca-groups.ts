/**
 * One-cancels-all groups (order.ocaGroup) and bracket siblings: what a fill of one order does to the others.
 *
 *   ocaType 1  cancel all remaining orders with block: the first fill (even partial) cancels the others
 *   ocaType 2  remaining orders are reduced with block: each peer's quantity shrinks by the filled quantity
 *   ocaType 3  remaining orders are reduced without block: as 2 (the simulator fills atomically, so "block" — IB
 *              guaranteeing no overfill while the reduction travels to the exchanges — changes nothing here)
 *   ocaType 0  (unset) is treated as 3, the value the simulator's openOrder echoes for it, as TWS does
 *
 * A peer reduced to nothing is cancelled. Children of one parent (an IB bracket) cancel each other whatever their
 * ocaType. Groups are scoped to the owning client id. The engine carries the effects out.
 */
import type { PlaceOrderRequest } from './order-types';

export interface OcaMember {
  clientId: number;
  req: Pick<PlaceOrderRequest, 'ocaGroup' | 'ocaType' | 'parentId'>;
  /** Quantity not yet filled. */
  remaining: number;
}

export type OcaEffect = { kind: 'cancel' } | { kind: 'reduce'; by: number };

export function effectiveOcaType(req: Pick<PlaceOrderRequest, 'ocaType'>): 1 | 2 | 3 {
  return req.ocaType === 1 || req.ocaType === 2 ? req.ocaType : 3;
}

/** What a fill of `quantity` by `filled` does to `peer` (a working order of the same client), or null: nothing. */
export function ocaEffect(filled: OcaMember, peer: OcaMember, quantity: number): OcaEffect | null {
  if (peer.clientId !== filled.clientId) return null;
  const bracketSibling = filled.req.parentId !== 0 && peer.req.parentId === filled.req.parentId;
  if (bracketSibling) return { kind: 'cancel' };
  const group = filled.req.ocaGroup;
  if (group === '' || peer.req.ocaGroup !== group) return null;
  if (effectiveOcaType(filled.req) === 1) return { kind: 'cancel' };
  return quantity >= peer.remaining ? { kind: 'cancel' } : { kind: 'reduce', by: quantity };
}
