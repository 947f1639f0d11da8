/**
 * Positions as spreads with live P&L (marks from the pinned leg lines), today's P&L for the risk guard, the
 * trade history and the risk view.
 */
import type { KillSwitchView, PositionDriftView, PositionsView, RiskView, TradeView } from '@ibsc/shared-dto';
import type { DataSource } from 'typeorm';
import type { LegQuote } from '../pricing/combo-quote';
import { pnlTotals, type SpreadPosition, spreadPositions } from '../positions/spread-pnl';
import { countOpenOnUnderlying } from '../queries/order-queries';
import type { PositionQueries, TradeFilter } from '../queries/position-queries';
import type { KillSwitchService } from '../risk/kill-switch.service';
import type { OrdersConfig } from '../risk/orders-config';
import { startOfDay } from '../ibkr/ib-time';
import type { MarketView } from '../ibkr/market-view';

export class PortfolioReads {
  constructor(
    private readonly db: DataSource,
    private readonly positions: PositionQueries,
    private readonly market: MarketView,
    private readonly killSwitch: KillSwitchService,
    private readonly config: OrdersConfig,
    private readonly now: () => Date,
    private readonly reportedAccount: () => string | null,
    private readonly truth: { latest(): PositionDriftView | null; openOnUnderlying(underlying: string, databaseCount: number): number } | null = null,
  ) {}

  /** Every spread position with its marks (null where a leg has no quote: "not available"). */
  async spreadPositions(): Promise<SpreadPosition[]> {
    const book = await this.positions.spreadBook();
    const dayStart = startOfDay(this.now());
    const sod = await this.positions.startOfDayMarks(dayStart);
    // First pass without quotes: which positions need a mark (open, or held at the start of the day).
    const bare = spreadPositions(book.definitions, book.fills, () => null, dayStart, sod);
    const needed = new Set(bare.filter((p) => p.quantity !== 0 || p.dailyPnl === null).map((p) => p.positionKey));
    const conIds = [...new Set(book.definitions.filter((d) => needed.has(d.positionKey)).flatMap((d) => d.legs.map((l) => l.conId)))];
    const quotes = new Map<number, LegQuote | null>(await Promise.all(conIds.map(async (c) => [c, await this.market.legQuote(c)] as const)));
    return spreadPositions(book.definitions, book.fills, (c) => quotes.get(c) ?? null, dayStart, sod);
  }

  async view(): Promise<PositionsView> {
    const all = await this.spreadPositions();
    const totals = pnlTotals(all);
    return {
      positions: all
        .filter((p) => p.quantity !== 0 || p.dailyPnl !== 0)
        .map((p) => ({
          positionKey: p.positionKey,
          underlying: p.underlying,
          spreadType: p.type,
          expiry: p.expiry,
          lowerStrike: p.lowerStrike,
          upperStrike: p.upperStrike,
          quantity: p.quantity,
          avgPrice: p.avgPrice,
          mark: p.mark,
          marketValue: p.marketValue,
          unrealizedPnl: p.unrealizedPnl,
          realizedPnl: p.realizedPnl,
          dailyPnl: p.dailyPnl,
          commissions: p.commissions,
        })),
      totals,
      asOf: this.now().toISOString(),
      drift: this.truth?.latest() ?? null,
    };
  }

  /** Today's realized + marked P&L (null when a mark is missing: the risk guard then refuses). */
  async dailyPnl(): Promise<number | null> {
    return pnlTotals(await this.spreadPositions()).dailyPnl;
  }

  /** Legs of spreads not flat, by position key (for pins); no quotes needed. */
  async openPositionLegs(): Promise<Map<string, number[]>> {
    const book = await this.positions.spreadBook();
    const bare = spreadPositions(book.definitions, book.fills, () => null, startOfDay(this.now()));
    const open = new Set(bare.filter((p) => p.quantity !== 0).map((p) => p.positionKey));
    return new Map(book.definitions.filter((d) => open.has(d.positionKey)).map((d) => [d.positionKey, d.legs.map((l) => l.conId)]));
  }

  /** The open quantity of one spread position (BAG units, + as opened); null when no position has that key. */
  async openQuantity(positionKey: string): Promise<number | null> {
    const book = await this.positions.spreadBook();
    const p = spreadPositions(book.definitions, book.fills, () => null, startOfDay(this.now())).find((x) => x.positionKey === positionKey);
    return p ? p.quantity : null;
  }

  trades(filter: TradeFilter): Promise<TradeView[]> {
    return this.positions.trades(filter);
  }

  async killSwitchView(): Promise<KillSwitchView> {
    const k = await this.killSwitch.get();
    return {
      tripped: k.tripped,
      reason: k.reason,
      trippedAt: k.trippedAt?.toISOString() ?? null,
      trippedBy: k.trippedBy,
      resetAt: k.resetAt?.toISOString() ?? null,
      resetBy: k.resetBy,
    };
  }

  async risk(): Promise<RiskView> {
    const c = this.config;
    const rows: Array<{ underlying: string }> = await this.db.query(`SELECT DISTINCT underlying FROM orders ORDER BY underlying`);
    const openByUnderlying: Record<string, number> = {};
    for (const r of rows) {
      const counted = await countOpenOnUnderlying(this.db.manager, r.underlying);
      const n = this.truth ? this.truth.openOnUnderlying(r.underlying, counted) : counted;
      if (n > 0) openByUnderlying[r.underlying] = n;
    }
    return {
      accountType: c.accountType,
      reportedAccount: this.reportedAccount(),
      killSwitch: await this.killSwitchView(),
      limits: {
        maxContracts: c.maxContracts,
        maxLossPerTrade: c.maxLossPerTrade,
        maxOpenPerUnderlying: c.maxOpenPerUnderlying,
        dailyLossLimit: c.dailyLossLimit,
        maxLegSpreadPctOfWidth: c.maxLegSpreadPctOfWidth,
        maxUnderlyingMovePct: c.maxUnderlyingMovePct,
        moveWindowMin: c.moveWindowMin,
      },
      dailyPnl: await this.dailyPnl(),
      openByUnderlying,
    };
  }
}
