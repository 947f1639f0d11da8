/**
 * Positions as spreads, not loose legs: every fill belongs to the spread its opening order created (positionKey),
 * closing orders (take-profit, stop, manual close) carry the same key. Quantities are BAG units, signed (+ long the
 * BAG as opened); prices are signed BAG prices (vertical.ts). Pure; golden-tested.
 *
 *   average cost: buys into a position average in; sells close at (price − avg) × qty × multiplier (realized)
 *   realized     = closed gross − all commissions of the position
 *   unrealized   = (mark − avg) × quantity × multiplier, mark = the combo mid from live leg quotes
 *   daily        = value_now − value_startOfDay + today's cash flows − today's commissions
 *                  (value = quantity × mark × multiplier; a BUY of n at p is a cash flow of −n·p·multiplier)
 */
import { comboQuote, type LegQuote } from '../pricing/combo-quote';
import { fix } from '../pricing/money';
import type { OrderAction, VerticalType } from '../pricing/vertical';

export interface SpreadDefinition {
  positionKey: string;
  underlying: string;
  type: VerticalType;
  expiry: string;
  lowerStrike: number;
  upperStrike: number;
  multiplier: number;
  legs: ReadonlyArray<{ conId: number; action: OrderAction; ratio: number }>;
}

export interface SpreadFill {
  positionKey: string;
  action: OrderAction;
  quantity: number;
  /** Signed BAG price per unit. */
  price: number;
  commission: number;
  at: Date;
}

export interface SpreadPosition {
  positionKey: string;
  underlying: string;
  type: VerticalType;
  expiry: string;
  lowerStrike: number;
  upperStrike: number;
  quantity: number;
  avgPrice: number | null;
  /** Combo mid per unit; null when a leg has no two-sided quote. */
  mark: number | null;
  marketValue: number | null;
  unrealizedPnl: number | null;
  realizedPnl: number;
  dailyPnl: number | null;
  commissions: number;
}

export interface PnlTotals {
  unrealizedPnl: number | null;
  realizedPnl: number;
  dailyPnl: number | null;
}

function money(n: number): number {
  return Math.round(n * 100) / 100;
}

export function spreadMark(def: SpreadDefinition, quoteOf: (conId: number) => LegQuote | null): number | null {
  const q = comboQuote(def.legs, def.legs.map((l) => quoteOf(l.conId)));
  return q ? q.mid : null;
}

export function spreadPositions(
  defs: readonly SpreadDefinition[],
  fills: readonly SpreadFill[],
  quoteOf: (conId: number) => LegQuote | null,
  dayStart: Date,
  /** Marks per positionKey at the start of the day (position snapshots); missing → the average cost then. */
  startOfDayMarks: ReadonlyMap<string, number> = new Map(),
): SpreadPosition[] {
  const out: SpreadPosition[] = [];
  for (const def of defs) {
    const own = fills.filter((f) => f.positionKey === def.positionKey).sort((a, b) => a.at.getTime() - b.at.getTime());
    let q = 0;
    let avg = 0;
    let realizedGross = 0;
    let commissions = 0;
    let sodQ = 0;
    let sodAvg = 0;
    let todayCash = 0;
    let todayCommissions = 0;
    const m = def.multiplier;
    for (const f of own) {
      const today = f.at.getTime() >= dayStart.getTime();
      if (today) {
        todayCash += (f.action === 'BUY' ? -1 : 1) * f.quantity * f.price * m;
        todayCommissions += f.commission;
      }
      commissions += f.commission;
      const n = f.action === 'BUY' ? f.quantity : -f.quantity;
      if (q === 0 || Math.sign(q) === Math.sign(n)) {
        avg = (avg * Math.abs(q) + f.price * Math.abs(n)) / (Math.abs(q) + Math.abs(n));
        q += n;
      } else {
        const closed = Math.min(Math.abs(n), Math.abs(q));
        realizedGross += (f.price - avg) * closed * m * Math.sign(q);
        const rest = Math.abs(n) - closed;
        q += Math.sign(n) * closed;
        if (rest > 0) {
          q = Math.sign(n) * rest;
          avg = f.price;
        }
        if (q === 0) avg = 0;
      }
      if (!today) {
        sodQ = q;
        sodAvg = avg;
      }
    }
    const mark = q === 0 && sodQ === 0 ? null : spreadMark(def, quoteOf);
    const valueNow = q === 0 ? 0 : mark === null ? null : q * mark * m;
    const sodMark = startOfDayMarks.get(def.positionKey) ?? sodAvg;
    const valueSod = sodQ * sodMark * m;
    out.push({
      positionKey: def.positionKey,
      underlying: def.underlying,
      type: def.type,
      expiry: def.expiry,
      lowerStrike: def.lowerStrike,
      upperStrike: def.upperStrike,
      quantity: q,
      avgPrice: q === 0 ? null : fix(avg),
      mark,
      marketValue: valueNow === null ? null : money(valueNow),
      unrealizedPnl: q === 0 ? 0 : mark === null ? null : money((mark - avg) * q * m),
      realizedPnl: money(realizedGross - commissions),
      dailyPnl: valueNow === null ? null : money(valueNow - valueSod + todayCash - todayCommissions),
      commissions: money(commissions),
    });
  }
  return out;
}

/** Sums; a total is null ("not available") when any part is. */
export function pnlTotals(positions: readonly SpreadPosition[]): PnlTotals {
  let unrealized: number | null = 0;
  let daily: number | null = 0;
  let realized = 0;
  for (const p of positions) {
    realized += p.realizedPnl;
    unrealized = unrealized === null || p.unrealizedPnl === null ? null : unrealized + p.unrealizedPnl;
    daily = daily === null || p.dailyPnl === null ? null : daily + p.dailyPnl;
  }
  return { unrealizedPnl: unrealized === null ? null : money(unrealized), realizedPnl: money(realized), dailyPnl: daily === null ? null : money(daily) };
}

/** Open spreads only (quantity ≠ 0). */
export function openSpreads(positions: readonly SpreadPosition[]): SpreadPosition[] {
  return positions.filter((p) => p.quantity !== 0);
}
