/**
 * Tickets: what a preview and a place both need before anything is decided — the vertical with its legs qualified
 * (conIds from contract details), live leg and combo quotes, the priced limit and walk, and the risk guard's decision
 * on today's inputs (kill switch, open spreads on the underlying, daily P&L). Also the closing checks of an exit pair
 * and the BAG wire of a ticket (for whatIf).
 */
import type { PreviewOrderDto } from '@ibsc/shared-dto';
import type { ComboOrderWire } from '../gateway/order-gateway';
import type { IbLegQualifier } from '../ibkr/ib-leg-qualifier';
import type { MarketView } from '../ibkr/market-view';
import type { OrderEntity } from '../persistence/entities/order.entity';
import { comboQuote, type ComboQuote, type LegQuote } from '../pricing/combo-quote';
import { spreadEconomics, type VerticalLeg, type VerticalShape, type VerticalSpec } from '../pricing/vertical';
import type { WalkSettings } from '../pricing/walk-planner';
import type { KillSwitchService } from '../risk/kill-switch.service';
import type { RiskDecision, RiskGuard } from '../risk/risk-guard';
import { priceTicket, verticalFromRequest, walkSettings, type Priced } from './order-request';
import type { PortfolioReads } from './portfolio-reads';

export interface Ticket {
  spec: VerticalSpec;
  shape: VerticalShape;
  conIds: number[];
  legQuotes: Array<LegQuote | null>;
  quote: ComboQuote | null;
  walk: WalkSettings | null;
  priced: Priced;
  risk: RiskDecision;
  account: string | null;
}

export interface TicketDeskDeps {
  qualifier: IbLegQualifier;
  market: MarketView;
  killSwitch: KillSwitchService;
  /** Open spreads and working opening orders on the underlying, by the gateway's truth once positions are reconciled. */
  openOnUnderlying(underlying: string): Promise<number>;
  portfolio: PortfolioReads;
  guard: RiskGuard;
  /** The account the gateway reports now. */
  reportedAccount(): string | null;
  /** The guard tripped the kill switch (it is already persisted). */
  killSwitchTripped(): Promise<void>;
}

export class TicketDesk {
  constructor(private readonly d: TicketDeskDeps) {}

  /** An opening ticket: qualified, quoted, priced and checked. Trips the kill switch when the guard says so. */
  async open(dto: PreviewOrderDto): Promise<Ticket> {
    const d = this.d;
    const { spec: raw, shape } = verticalFromRequest(dto);
    const conIds = await d.qualifier.qualify(raw.underlying, raw.legs, raw.tradingClass);
    const legs = raw.legs.map((l, i) => ({ ...l, conId: conIds[i] })) as unknown as readonly [VerticalLeg, VerticalLeg];
    const spec: VerticalSpec = { ...raw, legs };
    const [legQuotes] = await Promise.all([Promise.all(conIds.map((c) => d.market.legQuote(c))), d.market.underlyingPrice(spec.underlying)]);
    const quote = comboQuote(spec.legs, legQuotes);
    const walk = walkSettings(dto);
    const priced = priceTicket(dto, quote, walk);
    const account = d.reportedAccount();
    const riskPrice = priced.limitPrice ?? quote?.ask ?? null;
    const [killSwitch, openOnUnderlying, dailyPnl] = await Promise.all([d.killSwitch.state(), d.openOnUnderlying(spec.underlying), d.portfolio.dailyPnl()]);
    const risk = d.guard.evaluate({
      intent: 'open',
      reportedAccount: account,
      killSwitch,
      quantity: dto.quantity,
      maxLossPerUnit: riskPrice === null ? null : spreadEconomics(shape, riskPrice, spec.multiplier).maxLoss,
      underlying: spec.underlying,
      openOnUnderlying,
      dailyPnl,
      width: shape.width,
      legQuotes: labelled(spec, legQuotes),
      underlyingPrices: d.market.underlyingPrices(spec.underlying),
    });
    if (risk.tripKillSwitch) {
      await d.killSwitch.trip('risk-guard', risk.tripKillSwitch);
      await d.killSwitchTripped();
    }
    return { spec, shape, conIds, legQuotes, quote, walk, priced, risk, account };
  }

  /**
   * The closing checks of a filled order's exits or a trader's close of `quantity` (default the filled quantity):
   * the live-trading gate and the circuits; no kill-switch, loss or per-underlying limits, since a close reduces risk.
   */
  async closing(o: OrderEntity, spec: VerticalSpec, shape: VerticalShape, quantity = o.filledQuantity): Promise<RiskDecision> {
    const d = this.d;
    const legQuotes = await Promise.all(spec.legs.map((l) => (l.conId ? d.market.legQuote(l.conId) : Promise.resolve(null))));
    return d.guard.evaluate({
      intent: 'close',
      reportedAccount: d.reportedAccount(),
      killSwitch: await d.killSwitch.state(),
      quantity,
      maxLossPerUnit: null,
      underlying: o.underlying,
      openOnUnderlying: 0,
      dailyPnl: null,
      width: shape.width,
      legQuotes: labelled(spec, legQuotes),
      underlyingPrices: d.market.underlyingPrices(o.underlying),
    });
  }
}

/** The BAG a ticket would send (whatIf), without an order id. */
export function ticketWire(t: Ticket, dto: PreviewOrderDto, orderRef: string): Omit<ComboOrderWire, 'orderId' | 'transmit'> {
  return {
    orderRef,
    account: t.account,
    contract: { symbol: t.spec.underlying, secType: 'BAG', currency: 'USD', exchange: 'SMART', comboLegs: t.conIds.map((conId, i) => ({ conId, ratio: 1, action: t.spec.legs[i].action, exchange: 'SMART' })) },
    action: 'BUY',
    totalQuantity: dto.quantity,
    orderType: t.priced.orderType,
    lmtPrice: t.priced.limitPrice,
    auxPrice: null,
    tif: dto.tif ?? 'DAY',
    ocaGroup: null,
    ocaType: null,
  };
}

/** Leg quotes named for the guard's refusals: "SPY 20261204 661C". */
function labelled(spec: VerticalSpec, quotes: ReadonlyArray<LegQuote | null>): Array<(LegQuote & { label: string }) | null> {
  return quotes.map((q, i) => (q ? { label: `${spec.underlying} ${spec.legs[i].expiry} ${spec.legs[i].strike}${spec.legs[i].right}`, ...q } : null));
}
