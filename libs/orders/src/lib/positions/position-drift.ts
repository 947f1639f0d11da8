/**
 * Position drift: the legs the spread book implies (open spreads × leg ratio, signed by the leg's action) against
 * the legs the gateway reports (reqPositions). Pure. Each difference is classified:
 *   expired        ours, missing or smaller at the gateway, and the spread's expiry is over (16:00 New York)
 *   assignment     ours, missing or smaller, not expired, and the gateway holds stock in the underlying
 *   closed-outside ours, missing or smaller otherwise (closed in TWS, by another tool, or the account was reset)
 *   foreign        held at the gateway beyond what our spreads imply (opened outside the product)
 * Stock positions only serve the assignment rule; they are not compared (the product trades no stock).
 */
import type { PositionDifferenceKind, PositionDifferenceView } from '@ibsc/shared-dto';
import { execFilterTime } from '../ibkr/ib-time';
import type { GatewayPosition } from '../gateway/position-source';
import type { SpreadDefinition, SpreadPosition } from './spread-pnl';

export interface ExpectedLeg {
  conId: number;
  underlying: string;
  expiry: string;
  expected: number;
  positionKeys: string[];
}

/** Signed leg contracts implied by the open spreads (BUY leg of a long spread: +quantity × ratio). */
export function expectedLegs(definitions: readonly SpreadDefinition[], positions: readonly SpreadPosition[]): Map<number, ExpectedLeg> {
  const qty = new Map(positions.map((p) => [p.positionKey, p.quantity]));
  const out = new Map<number, ExpectedLeg>();
  for (const d of definitions) {
    const q = qty.get(d.positionKey) ?? 0;
    if (q === 0) continue;
    for (const l of d.legs) {
      if (!l.conId) continue;
      const e = out.get(l.conId) ?? { conId: l.conId, underlying: d.underlying, expiry: d.expiry, expected: 0, positionKeys: [] };
      e.expected += (l.action === 'BUY' ? 1 : -1) * l.ratio * q;
      if (!e.positionKeys.includes(d.positionKey)) e.positionKeys.push(d.positionKey);
      out.set(l.conId, e);
    }
  }
  return out;
}

/** Whether an option expiring on `expiry` (YYYYMMDD) has expired at `now` (after 16:00 New York on that day). */
export function expiredAt(expiry: string, now: Date): boolean {
  const ny = execFilterTime(now);
  const today = ny.slice(0, 8);
  return today > expiry || (today === expiry && ny.slice(9) >= '16:00:00');
}

export function positionDifferences(expected: ReadonlyMap<number, ExpectedLeg>, gateway: readonly GatewayPosition[], now: Date): PositionDifferenceView[] {
  const held = new Map<number, GatewayPosition & { total: number }>();
  const stockHeld = new Set<string>();
  for (const p of gateway) {
    if (p.secType === 'STK') {
      if (p.position !== 0) stockHeld.add(p.symbol);
      continue;
    }
    if (p.secType !== 'OPT' || !p.conId) continue;
    const h = held.get(p.conId);
    held.set(p.conId, { ...p, total: (h?.total ?? 0) + p.position });
  }
  const out: PositionDifferenceView[] = [];
  for (const e of expected.values()) {
    const g = held.get(e.conId);
    const at = g?.total ?? 0;
    if (at === e.expected) continue;
    const lessThanOurs = Math.sign(e.expected) * (e.expected - at) > 0;
    let kind: PositionDifferenceKind = 'foreign';
    if (lessThanOurs) kind = expiredAt(e.expiry, now) ? 'expired' : stockHeld.has(e.underlying) ? 'assignment' : 'closed-outside';
    out.push({ conId: e.conId, underlying: e.underlying, expiry: e.expiry, label: label(e.underlying, e.expiry, g, e.conId), expected: e.expected, gateway: at, kind, positionKeys: [...e.positionKeys] });
  }
  for (const g of held.values()) {
    if (expected.has(g.conId) || g.total === 0) continue;
    out.push({ conId: g.conId, underlying: g.symbol, expiry: g.expiry, label: label(g.symbol, g.expiry ?? '', g, g.conId), expected: 0, gateway: g.total, kind: 'foreign', positionKeys: [] });
  }
  return out.sort((a, b) => a.underlying.localeCompare(b.underlying) || a.conId - b.conId);
}

/** Foreign option legs (no spread of ours holds them) per underlying, as ⌈legs / 2⌉ spreads. */
export function foreignSpreadsByUnderlying(differences: readonly PositionDifferenceView[]): Map<string, number> {
  const legs = new Map<string, number>();
  for (const d of differences) if (d.kind === 'foreign' && d.positionKeys.length === 0) legs.set(d.underlying, (legs.get(d.underlying) ?? 0) + 1);
  return new Map([...legs].map(([u, n]) => [u, Math.ceil(n / 2)]));
}

function label(underlying: string, expiry: string, g: GatewayPosition | undefined, conId: number): string {
  if (g?.strike !== null && g?.strike !== undefined && g.right) return `${underlying} ${g.expiry ?? expiry} ${g.strike}${g.right}`;
  return `${underlying} ${expiry} #${conId}`;
}
