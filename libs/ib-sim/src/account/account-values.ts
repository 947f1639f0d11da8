/**
 * Account values as reqAccountSummary reports them, computed from the ledger and the market now: positions are
 * marked to mid (last, then previous close, when there is no two-sided market).
 */
import type { ContractDef, MarketModel } from '../market/market-types';
import { portfolioMargin, type MarginPosition } from './margin';
import type { Portfolio } from './portfolio';

export interface AccountValues {
  NetLiquidation: number;
  TotalCashValue: number;
  SettledCash: number;
  AccruedCash: number;
  GrossPositionValue: number;
  EquityWithLoanValue: number;
  PreviousDayEquityWithLoanValue: number;
  InitMarginReq: number;
  MaintMarginReq: number;
  FullInitMarginReq: number;
  FullMaintMarginReq: number;
  AvailableFunds: number;
  FullAvailableFunds: number;
  ExcessLiquidity: number;
  FullExcessLiquidity: number;
  LookAheadInitMarginReq: number;
  LookAheadMaintMarginReq: number;
  LookAheadAvailableFunds: number;
  LookAheadExcessLiquidity: number;
  BuyingPower: number;
  Cushion: number;
  Leverage: number;
  RegTEquity: number;
  RegTMargin: number;
  SMA: number;
}

/** Tags IB sends without a currency. */
const NO_CURRENCY = new Set(['AccountType', 'Cushion', 'Leverage', 'DayTradesRemaining', 'HighestSeverity']);

export const ALL_SUMMARY_TAGS = [
  'AccountType',
  'NetLiquidation',
  'TotalCashValue',
  'SettledCash',
  'AccruedCash',
  'BuyingPower',
  'EquityWithLoanValue',
  'PreviousDayEquityWithLoanValue',
  'GrossPositionValue',
  'RegTEquity',
  'RegTMargin',
  'SMA',
  'InitMarginReq',
  'MaintMarginReq',
  'AvailableFunds',
  'ExcessLiquidity',
  'Cushion',
  'FullInitMarginReq',
  'FullMaintMarginReq',
  'FullAvailableFunds',
  'FullExcessLiquidity',
  'LookAheadNextChange',
  'LookAheadInitMarginReq',
  'LookAheadMaintMarginReq',
  'LookAheadAvailableFunds',
  'LookAheadExcessLiquidity',
  'HighestSeverity',
  'DayTradesRemaining',
  'Leverage',
] as const;

export class AccountValuator {
  constructor(
    private readonly market: MarketModel,
    private readonly buyingPowerMultiplier: number,
    private readonly previousDayElv: () => number,
  ) {}

  /** Mark per share / per option unit. */
  mark(conId: number): number {
    const q = this.market.quote(conId);
    if (q.bid > 0 && q.ask > 0 && q.ask >= q.bid) return (q.bid + q.ask) / 2;
    if (q.ask > 0 && q.bid === 0) return q.ask / 2;
    if (q.last > 0) return q.last;
    return q.close > 0 ? q.close : 0;
  }

  private def(conId: number): ContractDef | undefined {
    return this.market.contract(conId);
  }

  marginPositions(p: Portfolio): MarginPosition[] {
    const out: MarginPosition[] = [];
    for (const e of p.open()) {
      const def = this.def(e.conId);
      if (!def) continue;
      out.push({ conId: e.conId, position: e.position, def, mark: this.mark(e.conId) });
    }
    return out;
  }

  values(p: Portfolio): AccountValues {
    const positions = this.marginPositions(p);
    let marketValue = 0;
    let gross = 0;
    for (const m of positions) {
      const mult = m.def.secType === 'OPT' ? m.def.multiplier : 1;
      const v = m.position * m.mark * mult;
      marketValue += v;
      gross += Math.abs(v);
    }
    const margin = portfolioMargin(positions, (s) => this.market.spot(s));
    const nlv = p.cash + marketValue;
    const elv = nlv;
    const available = elv - margin.init;
    const excess = elv - margin.maint;
    return {
      NetLiquidation: nlv,
      TotalCashValue: p.cash,
      SettledCash: p.cash,
      AccruedCash: 0,
      GrossPositionValue: gross,
      EquityWithLoanValue: elv,
      PreviousDayEquityWithLoanValue: this.previousDayElv(),
      InitMarginReq: margin.init,
      MaintMarginReq: margin.maint,
      FullInitMarginReq: margin.init,
      FullMaintMarginReq: margin.maint,
      AvailableFunds: available,
      FullAvailableFunds: available,
      ExcessLiquidity: excess,
      FullExcessLiquidity: excess,
      LookAheadInitMarginReq: margin.init,
      LookAheadMaintMarginReq: margin.maint,
      LookAheadAvailableFunds: available,
      LookAheadExcessLiquidity: excess,
      BuyingPower: Math.max(0, available) * this.buyingPowerMultiplier,
      Cushion: nlv > 0 ? excess / nlv : 0,
      Leverage: nlv > 0 ? gross / nlv : 0,
      RegTEquity: elv,
      RegTMargin: margin.init,
      SMA: Math.max(0, available),
    };
  }
}

/** The (value, currency) strings reqAccountSummary sends for a tag, or undefined for a tag the simulator lacks. */
export function summaryValue(tag: string, v: AccountValues): { value: string; currency: string } | undefined {
  const currency = NO_CURRENCY.has(tag) ? '' : 'USD';
  switch (tag) {
    case 'AccountType':
      return { value: 'INDIVIDUAL', currency };
    case 'HighestSeverity':
      return { value: '0', currency };
    case 'DayTradesRemaining':
      return { value: '-1', currency };
    case 'LookAheadNextChange':
      return { value: '0', currency: '' };
    case 'Cushion':
      return { value: v.Cushion.toFixed(6), currency };
    case 'Leverage':
      return { value: v.Leverage.toFixed(2), currency };
    default: {
      const n = (v as unknown as Record<string, number | undefined>)[tag];
      if (n === undefined) return undefined;
      return { value: n.toFixed(2), currency };
    }
  }
}
