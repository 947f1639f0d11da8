import { ManualClock } from '../clock';
import { benchmarkQuotes } from './benchmark';
import { createMarketModel, type SimMarketModel } from './market-model';
import type { OptionDef, Quote } from './market-types';
import { atmOpt, build, expiryNear, isOnTick, opt, options, START, strikeNear } from './spec-helpers';

describe('market model', () => {
  let m: SimMarketModel;
  beforeAll(() => {
    m = build(1).model;
  });
  afterAll(() => m.dispose());

  describe('universe and contracts', () => {
    it('has the eight underlyings with IB conIds', () => {
      const us = m.underlyings();
      expect(us.map((u) => [u.symbol, u.conId, u.kind])).toEqual([
        ['SPY', 756733, 'ETF'],
        ['QQQ', 320227571, 'ETF'],
        ['IWM', 9579970, 'ETF'],
        ['AAPL', 265598, 'STK'],
        ['MSFT', 272093, 'STK'],
        ['NVDA', 4815747, 'STK'],
        ['TSLA', 76792991, 'STK'],
        ['AMZN', 3691937, 'STK'],
      ]);
      for (const u of us) {
        expect(u.longName).toBeTruthy();
        expect(u.industry).toBeTruthy();
        expect(u.category).toBeTruthy();
        expect(['NASDAQ', 'ARCA', 'NYSE']).toContain(u.primaryExchange);
      }
    });

    it('schedules NVDA and TSLA earnings inside the first month', () => {
      const first = m.underlyings().filter((u) => u.earningsDate && u.earningsDate <= '20261223');
      expect(first.map((u) => u.symbol).sort()).toEqual(['NVDA', 'TSLA']);
      expect(m.underlyings().find((u) => u.symbol === 'SPY')?.earningsDate).toBeUndefined();
    });

    it('lists at least 10,000 options with unique conIds and OCC symbols', () => {
      expect(m.optionCount()).toBeGreaterThanOrEqual(10_000);
      const all = m.underlyings().flatMap((u) => options(m, u.symbol));
      expect(all).toHaveLength(m.optionCount());
      const ids = new Set(all.map((o) => o.conId));
      expect(ids.size).toBe(all.length);
      for (const u of m.underlyings()) expect(ids.has(u.conId)).toBe(false);
      expect(all.every((o) => Number.isInteger(o.conId) && o.conId > 0 && o.conId < 2 ** 31)).toBe(true);
      expect(new Set(all.map((o) => o.localSymbol)).size).toBe(all.length);
      const o = opt(m, 'SPY', '20261218', 665, 'C');
      expect(o.localSymbol).toBe('SPY   261218C00665000');
      expect(o).toMatchObject({ underConId: 756733, multiplier: 100, tradingClass: 'SPY', exchange: 'SMART' });
    });

    it('gives the same contract the same conId whatever the start date', () => {
      const clock = new ManualClock(START + 3 * 86_400_000);
      const later = createMarketModel({ seed: 99, clock });
      const a = opt(m, 'SPY', '20261218', 665, 'C');
      expect(later.findContracts({ secType: 'OPT', localSymbol: a.localSymbol })[0]?.conId).toBe(a.conId);
      later.dispose();
    });

    it('offers SPY daily expiries, weeklies, monthlies out to a year, quarterlies and LEAPS; strikes at realistic increments', () => {
      const chain = m.chainParams(756733);
      expect(chain).toHaveLength(1);
      const { expirations, strikes, exchange, multiplier, tradingClass } = chain[0];
      expect([exchange, multiplier, tradingClass]).toEqual(['SMART', '100', 'SPY']);
      expect(expirations[0]).toBe('20261123'); // a daily expiry: today's, the clock being at 10:00 New York
      expect(expirations.slice(0, 5)).toEqual(['20261123', '20261124', '20261125', '20261127', '20261130']); // no Thanksgiving
      expect(expirations).toContain('20270331'); // quarterly: the last trading day of March
      expect(expirations).toContain('20280121'); // January LEAPS ...
      expect(expirations).toContain('20291221'); // ... and December LEAPS three years out
      // AAPL (no dailies): Fridays only near term, January LEAPS.
      const aaplExp = m.chainParams(265598)[0].expirations;
      expect(aaplExp[0]).toBe('20261127');
      expect(aaplExp.filter((e) => e >= '20280101')).toEqual(['20280121', '20290119']);
      expect(expirations).toContain('20261224'); // Christmas Friday moved to Thursday
      expect(expirations[expirations.length - 1] >= '20271015').toBe(true);
      expect(expirations.length).toBeGreaterThanOrEqual(16);
      expect([...expirations].sort()).toEqual(expirations);
      expect(strikes).toEqual([...strikes].sort((a, b) => a - b));
      expect(strikes).toContain(664);
      expect(strikes).toContain(665);
      expect(strikes).toContain(666);
      const aapl = m.chainParams(265598)[0].strikes.filter((k) => k > 250 && k < 290);
      expect(aapl.every((k) => isOnTick(k, 2.5))).toBe(true);
      expect(m.chainParams(123)).toEqual([]);
    });
  });

  describe('findContracts', () => {
    it('finds stocks by symbol or conId, case-insensitively, and nothing for unknowns', () => {
      expect(m.findContracts({ secType: 'STK', symbol: 'aapl' })).toMatchObject([{ secType: 'STK', conId: 265598 }]);
      expect(m.findContracts({ secType: 'STK', conId: 756733 })).toMatchObject([{ symbol: 'SPY', kind: 'ETF' }]);
      expect(m.findContracts({ secType: 'STK', symbol: 'XYZ' })).toEqual([]);
      expect(m.findContracts({ secType: 'STK', symbol: 'SPY', conId: 265598 })).toEqual([]);
      const anOption = opt(m, 'SPY', '20261218', 665, 'C');
      expect(m.findContracts({ secType: 'STK', conId: anOption.conId })).toEqual([]);
    });

    it('finds options by any subset of expiry, strike and right', () => {
      const all = options(m, 'SPY');
      expect(all.length).toBeGreaterThan(1000);
      const byExpiry = m.findContracts({ secType: 'OPT', symbol: 'SPY', expiry: '20261218' });
      expect(byExpiry.length).toBe(all.filter((o) => o.expiry === '20261218').length);
      const byMonth = m.findContracts({ secType: 'OPT', symbol: 'SPY', expiry: '202612', strike: 665, right: 'P' });
      // SPY's dailies (15 trading days from Monday 23 Nov: to 14 Dec), then Fridays; 31 Dec is the quarterly.
      expect(byMonth.map((c) => (c.secType === 'OPT' ? c.expiry : '')).sort()).toEqual([
        '20261201',
        '20261202',
        '20261203',
        '20261204',
        '20261207',
        '20261208',
        '20261209',
        '20261210',
        '20261211',
        '20261214',
        '20261218',
        '20261224',
        '20261231',
      ]);
      const byStrike = m.findContracts({ secType: 'OPT', symbol: 'SPY', strike: 665 });
      expect(byStrike.length).toBe(2 * m.chainParams(756733)[0].expirations.length);
      const calls = m.findContracts({ secType: 'OPT', symbol: 'SPY', expiry: '20261218', right: 'C' });
      expect(calls.length * 2).toBe(byExpiry.length);
      expect(m.findContracts({ secType: 'OPT', symbol: 'SPY', expiry: '20261218', strike: 665.5 })).toEqual([]);
    });

    it('finds an option by conId or localSymbol', () => {
      const o = opt(m, 'TSLA', '20261218', 430, 'P');
      expect(m.findContracts({ secType: 'OPT', conId: o.conId })).toEqual([{ secType: 'OPT', ...o }]);
      expect(m.findContracts({ secType: 'OPT', localSymbol: o.localSymbol })).toEqual([{ secType: 'OPT', ...o }]);
      expect(m.contract(o.conId)).toEqual({ secType: 'OPT', ...o });
      expect(m.contract(76792991)?.secType).toBe('STK');
      expect(m.contract(1)).toBeUndefined();
      expect(m.findContracts({ secType: 'OPT', conId: 76792991 })).toEqual([]);
    });
  });

  describe('quotes', () => {
    it('brackets the theoretical value with bid ≤ theo ≤ ask on the right ticks, never negative', () => {
      const bad: string[] = [];
      let noBid = 0;
      for (const symbol of ['SPY', 'TSLA', 'NVDA']) {
        const stock = symbol !== 'SPY';
        for (const o of options(m, symbol)) {
          const q = m.quote(o.conId);
          const theo = m.greeks(o.conId, 'model').optPrice;
          const ok =
            q.bid >= 0 &&
            q.bid <= theo + 1e-9 &&
            q.ask >= theo - 1e-9 &&
            q.ask > q.bid &&
            isOnTick(q.bid, 0.01) &&
            isOnTick(q.ask, 0.01) &&
            (!stock || q.bid < 3 || isOnTick(q.bid, 0.05)) &&
            (!stock || q.ask < 3.05 || isOnTick(q.ask, 0.05)) &&
            (theo >= 0.005 || q.bid === 0) &&
            !q.halted;
          if (!ok) bad.push(`${o.localSymbol} ${q.bid}/${q.ask} theo ${theo}`);
          if (q.bid === 0) noBid++;
        }
      }
      expect(bad).toEqual([]);
      expect(noBid).toBeGreaterThan(20);
    });

    it('quotes wider away from the money (in vol terms) and in long-dated series', () => {
      const exp = expiryNear(m, 'SPY', 30);
      const spot = m.spot('SPY');
      const ivWidth = (k: number): number => {
        const o = opt(m, 'SPY', exp, strikeNear(m, 'SPY', exp, k), 'P');
        return m.greeks(o.conId, 'ask').impliedVol - m.greeks(o.conId, 'bid').impliedVol;
      };
      const atm = ivWidth(spot);
      const otm5 = ivWidth(spot * 0.95);
      const otm10 = ivWidth(spot * 0.9);
      expect(otm5).toBeGreaterThan(atm);
      expect(otm10).toBeGreaterThan(otm5);
      const width = (e: string): number => {
        const q = m.quote(opt(m, 'SPY', e, strikeNear(m, 'SPY', e, spot), 'C').conId);
        return q.ask - q.bid;
      };
      expect(width(expiryNear(m, 'SPY', 365))).toBeGreaterThan(width(exp));
      // A thinner name quotes wider than SPY at a comparable option.
      const tq = m.quote(opt(m, 'IWM', exp, strikeNear(m, 'IWM', exp, m.spot('IWM')), 'C').conId);
      const sq = m.quote(opt(m, 'SPY', exp, strikeNear(m, 'SPY', exp, spot), 'C').conId);
      expect((tq.ask - tq.bid) / tq.ask).toBeGreaterThan((sq.ask - sq.bid) / sq.ask);
    });

    it('has IV skew and an earnings bump in the option prices', () => {
      const exp = expiryNear(m, 'SPY', 30);
      const spot = m.spot('SPY');
      const iv = (k: number, right: 'C' | 'P'): number =>
        m.greeks(opt(m, 'SPY', exp, strikeNear(m, 'SPY', exp, k), right).conId, 'model').impliedVol;
      expect(iv(spot * 0.9, 'P')).toBeGreaterThan(iv(spot * 0.95, 'P'));
      expect(iv(spot * 0.95, 'P')).toBeGreaterThan(iv(spot, 'P'));
      expect(iv(spot, 'P')).toBeGreaterThan(iv(spot * 1.04, 'C'));

      // NVDA reports on 20261202 after the close: the 20261204 expiry carries the event, 20261127 does not.
      const nv = m.spot('NVDA');
      const atmIv = (e: string): number =>
        m.greeks(opt(m, 'NVDA', e, strikeNear(m, 'NVDA', e, nv), 'C').conId, 'model').impliedVol;
      expect(m.underlyings().find((u) => u.symbol === 'NVDA')?.earningsDate).toBe('20261202');
      expect(atmIv('20261204')).toBeGreaterThan(atmIv('20261127') + 0.15);
      expect(atmIv('20261204')).toBeGreaterThan(atmIv('20261211'));
    });

    it('has open interest and volume peaking near the money, on round strikes and in the front months', () => {
      const spot = m.spot('SPY');
      const exp = expiryNear(m, 'SPY', 25);
      const ofStrike = (e: string, k: number, right: 'C' | 'P'): Quote =>
        m.quote(opt(m, 'SPY', e, strikeNear(m, 'SPY', e, k), right).conId);
      const sumOi = (e: string, lo: number, hi: number): number =>
        options(m, 'SPY')
          .filter((o) => o.expiry === e && o.strike >= lo && o.strike <= hi)
          .reduce((a, o) => a + (m.quote(o.conId).openInterest ?? 0), 0);
      expect(sumOi(exp, spot * 0.98, spot * 1.02)).toBeGreaterThan(3 * sumOi(exp, spot * 0.78, spot * 0.82));
      const far = expiryNear(m, 'SPY', 300);
      expect(sumOi(exp, spot * 0.98, spot * 1.02)).toBeGreaterThan(sumOi(far, spot * 0.98, spot * 1.02));
      const near = options(m, 'SPY').filter((o) => o.expiry === exp && Math.abs(o.strike - spot) < 30);
      const mean = (xs: OptionDef[]): number =>
        xs.reduce((a, o) => a + (m.quote(o.conId).openInterest ?? 0), 0) / xs.length;
      const round = mean(near.filter((o) => o.strike % 10 === 0));
      expect(round).toBeGreaterThan(1.3 * mean(near.filter((o) => o.strike % 5 !== 0)));
      expect(ofStrike(exp, spot, 'C').volume).toBeGreaterThan(ofStrike(exp, spot * 0.85, 'C').volume);
      expect(ofStrike(exp, spot, 'C').volume).toBeGreaterThan(ofStrike(expiryNear(m, 'SPY', 300), spot, 'C').volume);
    });

    it('fills in sizes, last and the day range of options and underlyings', () => {
      const spot = m.spot('SPY');
      const q = m.quote(atmOpt(m, 'SPY', 30, 'C').conId);
      expect(q.bidSize).toBeGreaterThan(0);
      expect(q.askSize).toBeGreaterThan(0);
      expect(q.lastSize).toBeGreaterThan(0);
      expect(q.last).toBeGreaterThan(0);
      expect(q.low).toBeLessThanOrEqual(Math.min(q.open, q.last));
      expect(q.high).toBeGreaterThanOrEqual(Math.max(q.open, q.last));
      expect(q.close).toBeGreaterThan(0);
      const u = m.quote(756733);
      expect(u.ask - u.bid).toBeCloseTo(0.01, 10);
      expect(u.bid).toBeLessThanOrEqual(u.last);
      expect(u.ask).toBeGreaterThanOrEqual(u.last);
      expect(u.last).toBeCloseTo(spot, 2);
      expect(u.volume).toBeGreaterThan(1_000_000);
      expect(u.impliedVol).toBeGreaterThan(0.05);
      expect(u.historicalVol).toBeGreaterThan(0.03);
      expect(u.low).toBeLessThanOrEqual(u.last);
      expect(u.high).toBeGreaterThanOrEqual(u.last);
      expect(u.openInterest).toBeUndefined();
    });

    it('throws for an unknown conId', () => {
      expect(() => m.quote(42)).toThrow(/conId 42/);
      expect(() => m.greeks(756733, 'model')).toThrow(/conId 756733/);
    });
  });

  describe('greeks', () => {
    it('gives model, bid and ask computations in IB conventions', () => {
      const exp = expiryNear(m, 'SPY', 30);
      const o = opt(m, 'SPY', exp, strikeNear(m, 'SPY', exp, m.spot('SPY')), 'P');
      const model = m.greeks(o.conId, 'model');
      const bid = m.greeks(o.conId, 'bid');
      const ask = m.greeks(o.conId, 'ask');
      const q = m.quote(o.conId);
      expect(model.delta).toBeLessThan(-0.3);
      expect(model.delta).toBeGreaterThan(-0.7);
      expect(model.gamma).toBeGreaterThan(0);
      expect(model.vega).toBeGreaterThan(0.3); // $ per vol point on a 30-day ATM SPY option
      expect(model.vega).toBeLessThan(1.5);
      expect(model.theta).toBeLessThan(-0.05); // $ per day
      expect(model.theta).toBeGreaterThan(-0.5);
      expect(model.undPrice).toBe(m.spot('SPY'));
      expect(model.pvDividend).toBeGreaterThan(0);
      expect(bid.optPrice).toBe(q.bid);
      expect(ask.optPrice).toBe(q.ask);
      expect(bid.impliedVol).toBeLessThan(model.impliedVol);
      expect(ask.impliedVol).toBeGreaterThan(model.impliedVol);
      const last = m.greeks(o.conId, 'last');
      expect(last.optPrice).toBe(q.last);
      expect(last.impliedVol).toBeGreaterThan(0);
    });

    it('sends IB\'s "not computed" values when there is no bid', () => {
      const noBid = options(m, 'SPY').find((o) => m.quote(o.conId).bid === 0);
      if (!noBid) throw new Error('expected an option without a bid');
      const notComputed = { impliedVol: -1, optPrice: -1, delta: -2, gamma: -2, vega: -2, theta: -2 };
      expect(m.greeks(noBid.conId, 'bid')).toMatchObject(notComputed);
    });
  });

  describe('history', () => {
    it('serves at least a year of daily TRADES ending at the current spot', () => {
      const bars = m.history(756733, 'TRADES', 252);
      expect(bars).toHaveLength(252);
      expect(bars[bars.length - 1].date).toBe('20261123');
      expect(bars[bars.length - 1].close).toBeCloseTo(m.spot('SPY'), 2);
      expect(m.history(756733, 'TRADES', 10_000).length).toBeGreaterThanOrEqual(365);
      expect(m.history(756733, 'TRADES', 0)).toEqual([]);
    });

    it('makes IV rank and percentile computable, non-degenerate and different across symbols', () => {
      const ranks = m.underlyings().map((u) => {
        const iv = m.history(u.conId, 'OPTION_IMPLIED_VOLATILITY', 252).map((b) => b.close);
        expect(iv).toHaveLength(252);
        const now = iv[iv.length - 1];
        expect(now).toBeCloseTo(m.quote(u.conId).impliedVol ?? 0, 10);
        const lo = Math.min(...iv);
        const hi = Math.max(...iv);
        expect(hi / lo).toBeGreaterThan(1.3);
        const rank = (100 * (now - lo)) / (hi - lo);
        const pct = (100 * iv.filter((v) => v < now).length) / iv.length;
        expect(rank).toBeGreaterThanOrEqual(0);
        expect(rank).toBeLessThanOrEqual(100);
        return [rank, pct];
      });
      const distinct = new Set(ranks.map(([r]) => Math.round(r)));
      expect(distinct.size).toBeGreaterThanOrEqual(6);
      const pcts = ranks.map(([, p]) => p);
      expect(Math.max(...pcts) - Math.min(...pcts)).toBeGreaterThan(30);
    });

    it('serves the realised vol of the TRADES path as HISTORICAL_VOLATILITY', () => {
      const trades = m.history(265598, 'TRADES', 31).map((b) => b.close);
      const hv = m.history(265598, 'HISTORICAL_VOLATILITY', 252);
      expect(hv).toHaveLength(252);
      const rets = trades.slice(1).map((c, i) => Math.log(c / trades[i]));
      const mean = rets.reduce((a, b) => a + b, 0) / rets.length;
      const sd = Math.sqrt(rets.reduce((a, b) => a + (b - mean) ** 2, 0) / (rets.length - 1));
      expect(hv[hv.length - 1].close).toBeCloseTo(sd * Math.sqrt(252), 10);
      expect(hv.every((b) => b.close > 0.03 && b.close < 1.5)).toBe(true);
    });

    it('refuses options and unknown conIds with a clear error', () => {
      const o = opt(m, 'SPY', '20261218', 665, 'C');
      expect(() => m.history(o.conId, 'TRADES', 10)).toThrow(/only simulated for underlyings/);
      expect(() => m.history(5, 'TRADES', 10)).toThrow(/No contract with conId 5/);
    });
  });

  it('provides a chain-pricing micro-benchmark', () => {
    const b = benchmarkQuotes(m, 'IWM', 1);
    expect(b.options).toBe(options(m, 'IWM').length);
    expect(b.quotesPerSecond).toBeGreaterThan(0);
    expect(b.msPerChain).toBeGreaterThan(0);
  });
});

describe('market model: the full universe (30 underlyings and 4 indices)', () => {
  const clock = new ManualClock(START);
  const full = createMarketModel({ seed: 1, clock });
  afterAll(() => full.dispose());

  it('lists 30 liquid underlyings, each with a chain, unique conIds apart from every option', () => {
    const us = full.underlyings();
    expect(us.length).toBeGreaterThanOrEqual(30);
    expect(new Set(us.map((u) => u.symbol)).size).toBe(us.length);
    expect(us.map((u) => u.symbol)).toEqual(expect.arrayContaining(['SPY', 'QQQ', 'IWM', 'DIA', 'GLD', 'TLT', 'JPM', 'META', 'GOOGL', 'AMD', 'XOM', 'PLTR']));
    const optionIds = new Set(us.flatMap((u) => options(full, u.symbol).map((o) => o.conId)));
    expect(us.filter((u) => u.kind === 'IND').map((u) => u.symbol)).toEqual(['SPX', 'XSP', 'NDX', 'RUT']);
    for (const u of us) {
      expect(optionIds.has(u.conId)).toBe(false);
      if (u.kind === 'IND') {
        // One entry per exchange and trading class (index-options.int-spec.ts has the detail).
        expect(full.chainParams(u.conId).length).toBeGreaterThanOrEqual(2);
        continue;
      }
      const chain = full.chainParams(u.conId);
      expect(chain).toHaveLength(1);
      expect(chain[0].expirations.length).toBeGreaterThanOrEqual(19); // weeklies, monthlies, LEAPS
      expect(chain[0].expirations.some((e) => e >= '20290101')).toBe(true); // LEAPS more than two years out
      expect(full.quote(u.conId).bid).toBeGreaterThan(0);
    }
  });

  it('widens strike spacing away from the money: near, far and wide increments on a SPY LEAPS', () => {
    const strikes = options(full, 'SPY').filter((o) => o.expiry === '20290119' && o.right === 'C').map((o) => o.strike).sort((a, b) => a - b);
    const gaps = (lo: number, hi: number) => new Set(strikes.filter((k) => k >= lo && k <= hi).map((k, i, a) => (i ? k - a[i - 1] : 0)).filter((g) => g > 0));
    expect([...gaps(640, 690)]).toEqual([1]); // within ±6 % of 665
    expect([...gaps(720, 820)]).toEqual([5]); // beyond, within ±25 %
    expect([...gaps(860, 1300)]).toEqual([10]); // far beyond
    expect(strikes[0]).toBeLessThan(665 * 0.5); // a three-year chain spans far
  });

  it('a subset is a subset; an unknown symbol in it is refused', () => {
    const model = createMarketModel({ seed: 1, clock, symbols: ['jpm', 'SPY'] });
    expect(model.underlyings().map((u) => u.symbol)).toEqual(['SPY', 'JPM']);
    model.dispose();
    expect(() => createMarketModel({ seed: 1, clock, symbols: ['NOPE'] })).toThrow(/NOPE/);
  });
});
