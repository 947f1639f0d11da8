import { ManualClock } from '../clock';
import { createMarketModel } from './market-model';
import { atmOpt, build, expiryNear, opt, options, strikeNear } from './spec-helpers';

describe('market model over time', () => {
  it('moves prices only on clock steps and tells listeners which underlyings moved', () => {
    const { model, clock } = build(3);
    const seen: number[][] = [];
    const off = model.onChange((ids) => seen.push(ids));
    const spot0 = model.spot('SPY');
    clock.advance(249);
    expect(model.spot('SPY')).toBe(spot0);
    expect(seen).toEqual([]);
    clock.advance(1);
    expect(model.spot('SPY')).not.toBe(spot0);
    expect(seen).toHaveLength(1);
    expect(seen[0].sort((a, b) => a - b)).toEqual(model.underlyings().map((u) => u.conId).sort((a, b) => a - b));
    clock.advance(1000);
    expect(seen).toHaveLength(5);
    expect(model.steps()).toBe(5);
    off();
    clock.advance(1000);
    expect(seen).toHaveLength(5);
    model.dispose();
    const s = model.spot('SPY');
    clock.advance(10_000);
    expect(model.spot('SPY')).toBe(s);
  });

  it('random-walks with the vol of each underlying', () => {
    const { model, clock } = build(4, 60_000);
    const rets: Record<string, number[]> = { SPY: [], TSLA: [] };
    for (let i = 0; i < 390; i++) {
      const before = { SPY: model.spot('SPY'), TSLA: model.spot('TSLA') };
      clock.advance(60_000);
      rets.SPY.push(Math.log(model.spot('SPY') / before.SPY));
      rets.TSLA.push(Math.log(model.spot('TSLA') / before.TSLA));
    }
    const annual = (xs: number[]): number => Math.sqrt((xs.reduce((a, b) => a + b * b, 0) / xs.length) * 252 * 390);
    expect(annual(rets.SPY)).toBeGreaterThan(0.05);
    expect(annual(rets.SPY)).toBeLessThan(0.35);
    expect(annual(rets.TSLA)).toBeGreaterThan(1.5 * annual(rets.SPY));
    model.dispose();
  });

  it('is deterministic for a seed and clock sequence, whatever is asked in between', () => {
    const a = build(7);
    const b = build(7);
    const c = build(8);
    const ids = options(a.model, 'TSLA').slice(0, 400).map((o) => o.conId);
    // a is queried along the way, b only at the end: the results must not depend on it.
    for (let i = 0; i < 5; i++) {
      a.clock.advance(3_000);
      for (const id of ids) a.model.quote(id);
      a.model.greeks(ids[i], 'bid');
    }
    b.clock.advance(15_000);
    c.clock.advance(15_000);
    expect(ids.map((id) => a.model.quote(id))).toEqual(ids.map((id) => b.model.quote(id)));
    expect(ids.map((id) => a.model.greeks(id, 'ask'))).toEqual(ids.map((id) => b.model.greeks(id, 'ask')));
    expect(a.model.spot('TSLA')).toBe(b.model.spot('TSLA'));
    expect(c.model.spot('TSLA')).not.toBe(a.model.spot('TSLA'));
    expect(c.model.history(756733, 'TRADES', 5)).not.toEqual(a.model.history(756733, 'TRADES', 5));
    for (const x of [a, b, c]) x.model.dispose();
  });

  it('halts a symbol: very wide option markets with no bid, a frozen price, one notification each way', () => {
    const { model, clock } = build(5);
    const seen: number[][] = [];
    model.onChange((ids) => seen.push(ids));
    const o = atmOpt(model, 'TSLA', 30, 'C');
    const before = model.quote(o.conId);
    model.setHalted('TSLA', true);
    expect(seen).toEqual([[76792991]]);
    const q = model.quote(o.conId);
    expect(q.halted).toBe(true);
    expect(q.bid).toBe(0);
    expect(q.ask).toBeGreaterThan(2 * before.ask);
    const u = model.quote(76792991);
    expect(u.halted).toBe(true);
    expect(u.ask - u.bid).toBeGreaterThan(0.1 * model.spot('TSLA'));
    const spot = model.spot('TSLA');
    clock.advance(5_000);
    expect(model.spot('TSLA')).toBe(spot);
    expect(seen.slice(1).every((ids) => !ids.includes(76792991))).toBe(true);
    model.setHalted('TSLA', false);
    expect(seen[seen.length - 1]).toEqual([76792991]);
    expect(model.quote(o.conId).halted).toBe(false);
    expect(model.quote(o.conId).bid).toBeGreaterThan(0);
    clock.advance(250);
    expect(model.spot('TSLA')).not.toBe(spot);
    expect(() => model.setHalted('NOPE', true)).toThrow(/Unknown symbol NOPE/);
    model.dispose();
  });

  it('freezes a symbol: no movement, identical quotes, no notifications, until thawed', () => {
    const { model, clock } = build(6);
    const seen: number[][] = [];
    model.onChange((ids) => seen.push(ids));
    const o = options(model, 'AAPL')[500];
    model.setFrozen('AAPL', true);
    const spot = model.spot('AAPL');
    const q = model.quote(o.conId);
    const g = model.greeks(o.conId, 'model');
    const spy = model.spot('SPY');
    clock.advance(10_000);
    expect(model.spot('AAPL')).toBe(spot);
    expect(model.quote(o.conId)).toEqual(q);
    expect(model.greeks(o.conId, 'model')).toEqual(g);
    expect(model.spot('SPY')).not.toBe(spy);
    expect(seen).toHaveLength(40);
    expect(seen.some((ids) => ids.includes(265598))).toBe(false);
    model.setFrozen('AAPL', false);
    clock.advance(250);
    expect(model.spot('AAPL')).not.toBe(spot);
    expect(seen[seen.length - 1]).toContain(265598);
    model.dispose();
  });

  it('jumps a symbol by a fraction at once', () => {
    const { model } = build(7);
    const seen: number[][] = [];
    model.onChange((ids) => seen.push(ids));
    const exp = expiryNear(model, 'SPY', 30);
    const k = strikeNear(model, 'SPY', exp, model.spot('SPY'));
    const c = opt(model, 'SPY', exp, k, 'C');
    const p = opt(model, 'SPY', exp, k, 'P');
    const [c0, p0] = [model.quote(c.conId), model.quote(p.conId)];
    const spot = model.spot('SPY');
    model.jump('SPY', 0.05);
    expect(model.spot('SPY')).toBeCloseTo(spot * 1.05, 9);
    expect(seen).toEqual([[756733]]);
    expect(model.quote(c.conId).bid).toBeGreaterThan(c0.ask + 20);
    expect(model.quote(p.conId).ask).toBeLessThan(p0.bid);
    expect(model.quote(756733).high).toBeCloseTo(spot * 1.05, 2);
    model.jump('SPY', -0.1);
    expect(model.spot('SPY')).toBeCloseTo(spot * 1.05 * 0.9, 9);
    expect(() => model.jump('SPY', -1)).toThrow();
    model.dispose();
  });

  it('rolls the session at a new trading day and prices the earnings move on the report', () => {
    const { model, clock } = build(8, 60_000);
    const nvda = 4815747;
    const bars0 = model.history(nvda, 'TRADES', 1000);
    clock.advance(24 * 3_600_000); // Tuesday 10:00
    const bars1 = model.history(nvda, 'TRADES', 1000);
    expect(bars1[bars1.length - 1].date).toBe('20261124');
    expect(bars1[bars1.length - 2].date).toBe('20261123');
    expect(bars1.length).toBe(bars0.length + 1);
    expect(model.quote(nvda).close).toBe(bars1[bars1.length - 2].close);
    expect(model.history(nvda, 'OPTION_IMPLIED_VOLATILITY', 1000).length).toBe(bars1.length);
    // Through NVDA's report (Wednesday 2 December, 16:00 New York): the event premium goes, the next report is set.
    const atmIv = (): number => {
      const k = strikeNear(model, 'NVDA', '20261211', model.spot('NVDA'));
      return model.greeks(opt(model, 'NVDA', '20261211', k, 'C').conId, 'model').impliedVol;
    };
    clock.set(Date.UTC(2026, 11, 2, 20, 50)); // 15:50 New York on the report day
    const ivBefore = atmIv();
    const iv30Before = model.quote(nvda).impliedVol ?? 0;
    const spotBefore = model.spot('NVDA');
    clock.set(Date.UTC(2026, 11, 2, 21, 10)); // 16:10: the move has happened, the premium is gone
    const next = model.underlyings().find((u) => u.conId === nvda)?.earningsDate ?? '';
    expect(next > '20270215' && next < '20270315').toBe(true);
    expect(atmIv()).toBeLessThan(ivBefore - 0.08);
    expect(model.quote(nvda).impliedVol).toBeLessThan(iv30Before - 0.05);
    expect(Math.abs(Math.log(model.spot('NVDA') / spotBefore))).toBeGreaterThan(0.005);
    clock.set(Date.UTC(2026, 11, 3, 15));
    expect(model.history(nvda, 'TRADES', 1000).slice(-8).map((b) => b.date)).toEqual([
      '20261123',
      '20261124',
      '20261125',
      '20261127', // Thanksgiving skipped
      '20261130',
      '20261201',
      '20261202',
      '20261203',
    ]);
    model.dispose();
  });

  it('lets options expire to intrinsic value', () => {
    const { model, clock } = build(9, 60_000);
    const spot = model.spot('SPY');
    const c = opt(model, 'SPY', '20261127', strikeNear(model, 'SPY', '20261127', spot - 20), 'C');
    clock.set(Date.UTC(2026, 10, 27, 21, 30)); // after 16:00 New York on the expiry
    const g = model.greeks(c.conId, 'model');
    const s = model.spot('SPY');
    expect(g.optPrice).toBeCloseTo(Math.max(0, s - c.strike), 6);
    model.dispose();
  });

  it.each([
    ['a Saturday', Date.UTC(2026, 10, 21, 12)],
    ['a Friday evening after the expiry', Date.UTC(2026, 10, 27, 23)],
    ['the night of the spring DST change', Date.UTC(2027, 2, 14, 7, 30)],
    ["New Year's Day", Date.UTC(2027, 0, 1, 15)],
  ])('starts cleanly on %s', (_label, start) => {
    const clock = new ManualClock(start);
    const model = createMarketModel({ seed: 11, clock, stepMs: 60_000 });
    clock.advance(6 * 3_600_000);
    expect(model.optionCount()).toBeGreaterThanOrEqual(10_000);
    const bad: string[] = [];
    for (const u of model.underlyings()) {
      const uq = model.quote(u.conId);
      if (!(uq.bid > 0 && uq.ask > uq.bid && Number.isFinite(uq.impliedVol) && uq.volume >= 0)) bad.push(u.symbol);
      for (const o of options(model, u.symbol).filter((_, i) => i % 7 === 0)) {
        const q = model.quote(o.conId);
        const g = model.greeks(o.conId, 'model');
        const finite = [q.bid, q.ask, q.last, q.high, q.low, q.open, q.close, g.delta, g.theta].every(Number.isFinite);
        if (!finite || q.bid < 0 || q.ask <= q.bid || q.volume < 0) bad.push(o.localSymbol);
      }
      const bars = model.history(u.conId, 'TRADES', 300);
      if (bars.length !== 300 || bars[bars.length - 1].close !== Math.round(model.spot(u.symbol) * 100) / 100) {
        bad.push(`${u.symbol} history`);
      }
    }
    expect(bad).toEqual([]);
    model.dispose();
  });
});
