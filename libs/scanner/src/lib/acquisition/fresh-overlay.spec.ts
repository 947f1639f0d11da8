import type { OptionChain, OptionQuote } from '../chain/option-chain';
import { overlayFreshQuotes } from './fresh-overlay';

const q = (bid: number, quoteTime: number, extra: Partial<OptionQuote> = {}): OptionQuote => ({ bid, ask: bid + 0.1, last: null, iv: 0.2, delta: -0.3, gamma: 0.01, theta: -0.02, vega: 0.1, volume: 10, openInterest: 500, quoteTime, ...extra });
const contract = (strike: number) => ({ conId: strike, symbol: 'SPY', expiry: '20261218', strike, right: 'P' as const, multiplier: 100 });

function chain(): OptionChain {
  return {
    underlying: { symbol: 'SPY', spot: 600, spotTime: 0, iv: 0.2, ivHistory: [], dividendYield: 0, earningsDate: null },
    rate: 0.045,
    expiries: [{ expiry: '20261218', expiresAt: 0, strikes: [590, 595, 600], calls: [null, null, null], puts: [{ contract: contract(590), quote: q(1, 1_000) }, { contract: contract(595), quote: q(2, 5_000) }, { contract: contract(600), quote: null }] }],
  };
}

describe('overlayFreshQuotes', () => {
  it('replaces older leg quotes only, keeps the held OI and greeks a refresh lacks, never creates a quote', () => {
    const c = chain();
    const fresh = new Map<string, OptionQuote>([
      ['SPY|20261218|P|590', q(1.5, 2_000, { openInterest: null, delta: null, iv: null })],
      ['SPY|20261218|P|595', q(9, 4_000)],
      ['SPY|20261218|P|600', q(3, 9_000)],
    ]);
    const out = overlayFreshQuotes(c, fresh);
    const puts = out.expiries[0].puts;
    expect(puts[0]?.quote).toMatchObject({ bid: 1.5, quoteTime: 2_000, openInterest: 500, delta: -0.3, iv: 0.2 });
    // older than the held quote: left alone
    expect(puts[1]?.quote).toMatchObject({ bid: 2, quoteTime: 5_000 });
    // no quote held (no market at the scan's last look): the lane does not create one
    expect(puts[2]?.quote).toBeNull();
    // the input is not changed
    expect(c.expiries[0].puts[0]?.quote?.bid).toBe(1);
    // nothing newer: the same chain
    expect(overlayFreshQuotes(c, new Map([['SPY|20261218|P|595', q(9, 4_000)]]))).toBe(c);
  });
});
