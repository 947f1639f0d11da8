/**
 * Contract look-ups with IB's reqContractDetails / reqSecDefOptParams semantics.
 */
import { underlyingSecType, type ContractDef, type ChainParams, type MarketModel, type OptionDef, type UnderlyingDef } from './market-types';

export type ContractQuery = Parameters<MarketModel['findContracts']>[0];

export class ContractIndex {
  private readonly optionsBySymbol = new Map<string, OptionDef[]>();
  private readonly optionsByConId = new Map<number, OptionDef>();
  private readonly optionsByLocalSymbol = new Map<string, OptionDef>();

  constructor(
    private readonly underlyingDefs: () => UnderlyingDef[],
    options: readonly OptionDef[],
  ) {
    for (const o of options) {
      let list = this.optionsBySymbol.get(o.symbol);
      if (!list) this.optionsBySymbol.set(o.symbol, (list = []));
      list.push(o);
      this.optionsByConId.set(o.conId, o);
      this.optionsByLocalSymbol.set(o.localSymbol, o);
    }
    const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    for (const list of this.optionsBySymbol.values()) {
      list.sort((a, b) => cmp(a.expiry, b.expiry) || a.strike - b.strike || cmp(a.right, b.right));
    }
  }

  underlying(conIdOrSymbol: number | string): UnderlyingDef | undefined {
    const key = typeof conIdOrSymbol === 'string' ? conIdOrSymbol.toUpperCase() : conIdOrSymbol;
    return this.underlyingDefs().find((u) => (typeof key === 'string' ? u.symbol === key : u.conId === key));
  }

  option(conId: number): OptionDef | undefined {
    return this.optionsByConId.get(conId);
  }

  contract(conId: number): ContractDef | undefined {
    const u = this.underlying(conId);
    if (u) return underlyingSecType(u) === 'IND' ? { secType: 'IND', ...u } : { secType: 'STK', ...u };
    const o = this.optionsByConId.get(conId);
    return o ? { secType: 'OPT', ...o } : undefined;
  }

  optionsOf(symbol: string): readonly OptionDef[] {
    return this.optionsBySymbol.get(symbol.toUpperCase()) ?? [];
  }

  find(q: ContractQuery): ContractDef[] {
    if (q.secType !== 'OPT') {
      if (q.conId === undefined && !q.symbol) return [];
      const byConId = q.conId !== undefined && q.conId !== 0 ? this.underlying(q.conId) : undefined;
      if (q.conId !== undefined && q.conId !== 0 && !byConId) return [];
      const u = byConId ?? (q.symbol ? this.underlying(q.symbol) : undefined);
      if (!u || (q.symbol && u.symbol !== q.symbol.toUpperCase())) return [];
      // An index is secType IND, a stock or ETF STK: asking for SPX as STK finds nothing, as at IB.
      if (underlyingSecType(u) !== q.secType) return [];
      return [q.secType === 'IND' ? { secType: 'IND', ...u } : { secType: 'STK', ...u }];
    }
    let candidates: readonly OptionDef[];
    if (q.conId !== undefined && q.conId !== 0) {
      const o = this.optionsByConId.get(q.conId);
      candidates = o ? [o] : [];
    } else if (q.localSymbol) {
      const o = this.optionsByLocalSymbol.get(q.localSymbol);
      candidates = o ? [o] : [];
    } else if (q.symbol) {
      candidates = this.optionsOf(q.symbol);
    } else {
      return [];
    }
    const symbol = q.symbol?.toUpperCase();
    const expiry = q.expiry || undefined;
    return candidates
      .filter(
        (o) =>
          (!symbol || o.symbol === symbol) &&
          (!expiry || (expiry.length === 6 ? o.expiry.startsWith(expiry) : o.expiry === expiry)) &&
          (q.strike === undefined || q.strike === 0 || Math.abs(o.strike - q.strike) < 1e-6) &&
          (!q.right || o.right === q.right) &&
          (!q.localSymbol || o.localSymbol === q.localSymbol),
      )
      .map((o): ContractDef => ({ secType: 'OPT', ...o }));
  }

  /**
   * One entry per exchange and trading class, as IB answers reqSecDefOptParams: SMART for every chain, and for an
   * Cboe index (SPX, XSP, RUT) also CBOE, e.g. SPX has SMART/SPX, SMART/SPXW, CBOE/SPX, CBOE/SPXW.
   */
  chainParams(underConId: number): ChainParams[] {
    const u = this.underlying(underConId);
    if (!u) return [];
    const byClass = new Map<string, OptionDef[]>();
    for (const o of this.optionsOf(u.symbol)) {
      let list = byClass.get(o.tradingClass);
      if (!list) byClass.set(o.tradingClass, (list = []));
      list.push(o);
    }
    // SPX, XSP and RUT options are Cboe products; NDX's are listed on Nasdaq's exchanges (SMART only here).
    const exchanges = u.kind === 'IND' && u.primaryExchange !== 'NASDAQ' ? ['SMART', 'CBOE'] : ['SMART'];
    const out: ChainParams[] = [];
    for (const exchange of exchanges) {
      for (const [tradingClass, options] of byClass) {
        const expirations = [...new Set(options.map((o) => o.expiry))].sort();
        const strikes = [...new Set(options.map((o) => o.strike))].sort((a, b) => a - b);
        out.push({ exchange, underlyingConId: u.conId, tradingClass, multiplier: '100', expirations, strikes });
      }
    }
    return out;
  }
}
