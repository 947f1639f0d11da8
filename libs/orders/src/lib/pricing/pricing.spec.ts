import { EXPIRY, quotesOf, vertical } from '../../testing/fixtures';
import { comboQuote } from './combo-quote';
import { expectedFillPrice, limitFor, slippageVsMid } from './limit-price';
import { ibNumber, roundToTick, UNSET_DOUBLE } from './money';
import { classifyVertical, InvalidSpreadError, signedBagPrice, spreadEconomics, type VerticalType } from './vertical';

/** Golden values, worked by hand in docs/orders.md (§ Pricing). */
const GOLDEN: Record<VerticalType, { side: string; bid: number; ask: number; mid: number; natural: number; expected: number; maxProfit: number; maxLoss: number; breakeven: number }> = {
  'bull-call': { side: 'debit', bid: 2.9, ask: 3.2, mid: 3.05, natural: 3.2, expected: 3.12, maxProfit: 195, maxLoss: 305, breakeven: 103.05 },
  'bear-call': { side: 'credit', bid: -3.2, ask: -2.9, mid: -3.05, natural: -2.9, expected: -2.98, maxProfit: 305, maxLoss: 195, breakeven: 103.05 },
  'bull-put': { side: 'credit', bid: -2.2, ask: -1.8, mid: -2, natural: -1.8, expected: -1.9, maxProfit: 200, maxLoss: 300, breakeven: 103 },
  'bear-put': { side: 'debit', bid: 1.8, ask: 2.2, mid: 2, natural: 2.2, expected: 2.1, maxProfit: 300, maxLoss: 200, breakeven: 103 },
};

describe.each(Object.entries(GOLDEN) as Array<[VerticalType, (typeof GOLDEN)[VerticalType]]>)('%s (BUY BAG, IB signs)', (type, g) => {
  const spec = vertical(type);
  const shape = classifyVertical(spec);
  const q = comboQuote(spec.legs, quotesOf(spec))!;

  it('is classified with its side and width', () => {
    expect(shape).toMatchObject({ type, side: g.side, width: 5, lowerStrike: 100, upperStrike: 105, expiry: EXPIRY });
  });

  it('has the golden combo bid/ask/mid', () => {
    expect(q).toEqual({ bid: g.bid, ask: g.ask, mid: g.mid, halfSpread: Math.round(((g.ask - g.bid) / 2) * 1e6) / 1e6 });
  });

  it('prices mid, natural and expected fill (k = 0.5, passive rounding)', () => {
    expect(limitFor('mid', q, 'BUY')).toBe(g.mid);
    expect(limitFor('natural', q, 'BUY')).toBe(g.natural);
    expect(limitFor('expected', q, 'BUY')).toBe(g.expected);
    expect(limitFor('manual', q, 'BUY', { manual: 1.23 })).toBe(1.23);
  });

  it('has the golden max profit, max loss and breakeven at the mid', () => {
    expect(spreadEconomics(shape, g.mid, 100)).toEqual({ maxProfit: g.maxProfit, maxLoss: g.maxLoss, breakeven: g.breakeven });
  });
});

describe('pricing details', () => {
  const spec = vertical('bull-call');
  const q = comboQuote(spec.legs, quotesOf(spec))!;

  it('a SELL (closing) moves toward the bid and rounds up', () => {
    expect(limitFor('natural', q, 'SELL')).toBe(2.9);
    expect(expectedFillPrice(q, 'SELL', 0.5)).toBe(2.975);
    expect(limitFor('expected', q, 'SELL')).toBe(2.98);
  });

  it('k = 0 is the mid and k = 1 the natural; k outside [0, 1] is refused', () => {
    expect(expectedFillPrice(q, 'BUY', 0)).toBe(3.05);
    expect(expectedFillPrice(q, 'BUY', 1)).toBe(3.2);
    expect(() => expectedFillPrice(q, 'BUY', 1.5)).toThrow(RangeError);
  });

  it('a leg without a two-sided market gives no combo quote', () => {
    expect(comboQuote(spec.legs, [{ bid: 6, ask: 6.2 }, null])).toBeNull();
    expect(comboQuote(spec.legs, [{ bid: 6, ask: 6.2 }, { bid: 3.2, ask: 3.1 }])).toBeNull();
    expect(comboQuote(spec.legs, [{ bid: 0, ask: 0 }, { bid: 3, ask: 3.1 }])).toBeNull();
  });

  it('slippage is positive when worse than mid, for either side', () => {
    expect(slippageVsMid(3.12, 3.05, 'BUY')).toBe(0.07);
    expect(slippageVsMid(2.98, 3.05, 'SELL')).toBe(0.07);
    expect(slippageVsMid(-2.98, -3.05, 'BUY')).toBe(0.07);
  });

  it('rounds to the tick without float dust', () => {
    expect(roundToTick(1.125, 0.01, 'down')).toBe(1.12);
    expect(roundToTick(1.13, 0.01, 'down')).toBe(1.13);
    expect(roundToTick(-2.975, 0.01, 'down')).toBe(-2.98);
    expect(roundToTick(-2.975, 0.01, 'up')).toBe(-2.97);
  });

  it('maps the scanner unsigned net to the signed BAG price', () => {
    expect(signedBagPrice('debit', 3.05)).toBe(3.05);
    expect(signedBagPrice('credit', 2)).toBe(-2);
  });

  it('refuses legs that are not a vertical', () => {
    const bad = vertical('bull-call');
    expect(() => classifyVertical({ ...bad, legs: [bad.legs[0], { ...bad.legs[1], right: 'P' }] })).toThrow(InvalidSpreadError);
    expect(() => classifyVertical({ ...bad, legs: [bad.legs[0], { ...bad.legs[1], action: 'BUY' }] })).toThrow('one leg must be BUY');
    expect(() => classifyVertical({ ...bad, legs: [bad.legs[0], { ...bad.legs[1], expiry: '20270115' }] })).toThrow('one expiry');
  });

  it('treats UNSET_DOUBLE, empty and non-finite values as not available', () => {
    expect(ibNumber(UNSET_DOUBLE)).toBeNull();
    expect(ibNumber('1.7976931348623157E308')).toBeNull();
    expect(ibNumber('')).toBeNull();
    expect(ibNumber(undefined)).toBeNull();
    expect(ibNumber(Number.POSITIVE_INFINITY)).toBeNull();
    expect(ibNumber('1,234.5')).toBe(1234.5);
    expect(ibNumber(-250)).toBe(-250);
  });
});
