import type { GatewayPosition } from '../gateway/position-source';
import { expectedLegs, expiredAt, foreignSpreadsByUnderlying, positionDifferences } from './position-drift';
import type { SpreadDefinition, SpreadPosition } from './spread-pnl';

const def = (positionKey: string, underlying: string, expiry: string, buy: number, sell: number): SpreadDefinition => ({
  positionKey,
  underlying,
  type: 'bull-put',
  expiry,
  lowerStrike: 100,
  upperStrike: 105,
  multiplier: 100,
  legs: [
    { conId: buy, action: 'BUY', ratio: 1 },
    { conId: sell, action: 'SELL', ratio: 1 },
  ],
});
const pos = (positionKey: string, quantity: number) => ({ positionKey, quantity }) as SpreadPosition;
const opt = (conId: number, symbol: string, position: number): GatewayPosition => ({ account: 'DU1', conId, secType: 'OPT', symbol, expiry: '20261218', strike: 100, right: 'P', position });
const stk = (symbol: string, position: number): GatewayPosition => ({ account: 'DU1', conId: 9, secType: 'STK', symbol, expiry: null, strike: null, right: null, position });

// Thursday 3 December 2026, 11:00 New York
const now = new Date(Date.UTC(2026, 11, 3, 16, 0));

describe('position drift', () => {
  const defs = [def('a', 'SPY', '20261218', 1, 2), def('b', 'SPY', '20261218', 1, 3), def('c', 'IWM', '20261203', 4, 5), def('d', 'QQQ', '20261218', 6, 7), def('flat', 'SPY', '20261218', 8, 9)];
  const expected = expectedLegs(defs, [pos('a', 2), pos('b', 1), pos('c', 1), pos('d', 1), pos('flat', 0)]);

  it('sums the legs of the open spreads, signed by action', () => {
    expect(expected.get(1)).toMatchObject({ expected: 3, positionKeys: ['a', 'b'] });
    expect(expected.get(2)?.expected).toBe(-2);
    expect(expected.has(8)).toBe(false);
  });

  it('agrees when the gateway holds the same legs (stock ignored)', () => {
    const gw = [opt(1, 'SPY', 3), opt(2, 'SPY', -2), opt(3, 'SPY', -1), opt(4, 'IWM', 1), opt(5, 'IWM', -1), opt(6, 'QQQ', 1), opt(7, 'QQQ', -1), stk('AAPL', 100)];
    expect(positionDifferences(expected, gw, now)).toEqual([]);
  });

  it('classifies: closed outside, expired (after 16:00 NY on expiry day), assignment (stock appeared), foreign', () => {
    const after = new Date(Date.UTC(2026, 11, 3, 21, 30)); // 16:30 New York
    const gw = [opt(1, 'SPY', 2), opt(2, 'SPY', -2), opt(3, 'SPY', -1), opt(6, 'QQQ', 1), stk('QQQ', -100), opt(11, 'TSLA', 1), opt(12, 'TSLA', -1), opt(13, 'TSLA', 2)];
    const d = positionDifferences(expected, gw, after);
    const by = new Map(d.map((x) => [x.conId, x]));
    expect(by.get(1)).toMatchObject({ kind: 'closed-outside', expected: 3, gateway: 2 });
    expect(by.get(4)).toMatchObject({ kind: 'expired', expected: 1, gateway: 0, positionKeys: ['c'] });
    expect(by.get(5)).toMatchObject({ kind: 'expired', expected: -1, gateway: 0 });
    expect(by.get(7)).toMatchObject({ kind: 'assignment', expected: -1, gateway: 0, positionKeys: ['d'] });
    expect(by.get(13)).toMatchObject({ kind: 'foreign', expected: 0, gateway: 2, positionKeys: [] });
    expect(d).toHaveLength(7);
    expect(foreignSpreadsByUnderlying(d).get('TSLA')).toBe(2);
    // before the close on expiry day the same missing IWM legs were closed outside, not expired
    expect(positionDifferences(expected, gw, now).find((x) => x.conId === 4)?.kind).toBe('closed-outside');
  });

  it('expiry is over at 16:00 New York on the expiry date', () => {
    expect(expiredAt('20261203', new Date(Date.UTC(2026, 11, 3, 20, 59)))).toBe(false);
    expect(expiredAt('20261203', new Date(Date.UTC(2026, 11, 3, 21, 0)))).toBe(true);
    expect(expiredAt('20261202', now)).toBe(true);
  });
});
