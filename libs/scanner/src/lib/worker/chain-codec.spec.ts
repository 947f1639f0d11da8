import { overlayFreshQuotes } from '../acquisition/fresh-overlay';
import { chainFromDefinition, contractKey, distinctClass, type ChainDefinition, type ExpiryStyle, type OptionChain, type OptionQuote } from '../chain/option-chain';
import { expiryTimes, optionStyle } from '../chain/option-style';
import { ScanEngine, type ScanConfig } from '../scan/scan-engine';
import { handChain, HAND_NOW } from '../testing/hand-chain';
import { simMarket } from '../testing/sim-market';
import { roughenMarket, syntheticMarket } from '../testing/synthetic-market';
import { decodeChain, encodeChain, type EncodedChain } from './chain-codec';

const BROAD: ScanConfig = { spreadTypes: ['bull-put', 'bear-call', 'bull-call', 'bear-put'], widths: [1, 2, 5], maxRows: 200 };

/** What the worker decodes: the encoded chain after a structured clone with its buffer transferred, as postMessage does. */
function posted(chain: OptionChain): { decoded: OptionChain; encoded: EncodedChain } {
  const { encoded, transfer } = encodeChain(chain);
  const clone = structuredClone(encoded, { transfer });
  expect(encoded.numbers.byteLength).toBe(0); // moved, not copied
  return { decoded: decodeChain(clone), encoded: clone };
}

/** The scan's rows on the decoded chain equal the rows on the original (each on its own engine: the filter order is learned). */
function expectSameRows(original: OptionChain, decoded: OptionChain, now: number, config: ScanConfig = BROAD): number {
  const want = new ScanEngine(config).run([original], now).rows;
  const got = new ScanEngine(config).run([decoded], now).rows;
  expect(got).toStrictEqual(want);
  return want.length;
}

/** SPX with SPXW PM weeklies and, on one date, the AM SPX twin (two slices with the same expiry); some strikes unlisted. */
function indexChain(now: number): OptionChain {
  const m = syntheticMarket({ now, seed: 9, expiries: 4, strikesPerExpiry: 40, underlyings: [{ symbol: 'SPX', spot: 6500, iv: 0.15, increment: 5, dividendYield: 0.013 }] });
  const style = (tradingClass: string, expiry: string): ExpiryStyle => {
    const st = optionStyle('IND', tradingClass);
    return { tradingClass, settlement: st.settlement, settlesAt: expiryTimes(expiry, st.settlement).settlesAt, exercise: st.exercise, cashSettled: st.cashSettled };
  };
  const slice = (e: ChainDefinition['expiries'][number], tradingClass: string, n: number) => {
    const s = style(tradingClass, e.expiry);
    const ids = (right: number) => e.strikes.map((_, i) => (i % 9 === 4 + right ? null : 1_000_000 + n * 1000 + i * 2 + right));
    return { expiry: e.expiry, expiresAt: expiryTimes(e.expiry, s.settlement).expiresAt, style: s, strikes: e.strikes, callConIds: ids(0), putConIds: ids(1) };
  };
  const expiries = m.definitions[0].expiries.flatMap((e, i) => (i === 2 ? [slice(e, 'SPX', 10), slice(e, 'SPXW', i)] : [slice(e, 'SPXW', i)]));
  const def: ChainDefinition = { symbol: 'SPX', multiplier: 100, underlyingSecType: 'IND', expiries };
  const quotes = new Map<string, OptionQuote>();
  for (const e of expiries)
    for (const strike of e.strikes)
      for (const right of ['C', 'P'] as const) {
        const q = m.quotes.get(contractKey({ symbol: 'SPX', expiry: e.expiry, right, strike }));
        const am = e.style.tradingClass === 'SPX';
        if (q) quotes.set(contractKey({ symbol: 'SPX', expiry: e.expiry, right, strike, ...distinctClass('SPX', e.style) }), am && q.bid !== null ? { ...q, bid: q.bid + 0.05 } : q);
      }
  return chainFromDefinition(def, { ...m.underlyings[0], earningsDate: null, dividendYieldSource: 'config' }, m.rate, quotes);
}

describe('chain codec: an OptionChain as one transferred Float64Array and back', () => {
  const sim = simMarket({ seed: 3, minutes: 1, symbols: ['IWM', 'AAPL'] });

  it('seeded chains from the simulator’s market: exact round trip, no contract carried whole, the same scan rows', () => {
    sim.definitions.forEach((def, i) => {
      const und = { ...sim.underlyings[i], dividendYieldSource: 'gateway' as const, nextDividend: { exDate: '20261211', amount: 0.41 }, ivHistory: [0.2, 0.25, 0.22] };
      const chain = chainFromDefinition(def, und, sim.rate, sim.quotes);
      const { decoded, encoded } = posted(chain);
      expect(decoded).toStrictEqual(chain);
      expect(encoded.overrides).toEqual([]);
      expect(expectSameRows(chain, decoded, sim.now)).toBe(200);
    });
  });

  it('missing quotes, null greeks and bids, unlisted strikes, no conIds, strikes shared by the slices: exact', () => {
    const now = Date.UTC(2026, 0, 5, 15, 0, 0);
    // AAPL of the roughened market: crossed and zero bids, missing IVs and greeks, stale quotes, earnings in two weeks.
    const m = roughenMarket(syntheticMarket({ now, seed: 5, expiries: 6, strikesPerExpiry: 40 }), 6, now);
    const def = m.definitions[3];
    const und = m.underlyings[3];
    // Every third call strike not listed (null option); the synthetic market gives no conIds (null conId).
    const unlisted: ChainDefinition = { ...def, expiries: def.expiries.map((e) => ({ ...e, callConIds: e.strikes.map((_, i) => (i % 3 === 0 ? null : 500 + i)) })) };
    const quotes = new Map([...m.quotes].filter((_, i) => i % 4 !== 1)); // a quarter not quoted (quote null)
    for (const chain of [chainFromDefinition(def, und, m.rate, quotes), chainFromDefinition(unlisted, und, m.rate, quotes)]) {
      const { decoded, encoded } = posted(chain);
      expect(decoded).toStrictEqual(chain);
      expect(encoded.overrides).toEqual([]);
      expectSameRows(chain, decoded, now);
    }
    const all = [...chainFromDefinition(unlisted, und, m.rate, quotes).expiries.flatMap((e) => [...e.calls, ...e.puts])];
    // The data did hold what the test is about.
    expect(all.some((o) => o === null)).toBe(true);
    expect(all.some((o) => o !== null && o.quote === null)).toBe(true);
    expect(all.some((o) => o?.quote?.bid === null)).toBe(true);
    expect(all.some((o) => o?.quote && o.quote.delta === null && o.quote.bid !== null)).toBe(true);
    // chainFromDefinition's slices share the definition's one strikes array: so do the decoded ones.
    const { decoded } = posted(chainFromDefinition(def, und, m.rate, quotes));
    expect(decoded.expiries[5].strikes).toBe(decoded.expiries[0].strikes);
  });

  it('an index: SPX and SPXW slices of one date, their classes and styles, contracts with and without tradingClass', () => {
    const now = Date.UTC(2026, 10, 23, 15, 0, 0);
    const chain = indexChain(now);
    const { decoded, encoded } = posted(chain);
    expect(decoded).toStrictEqual(chain);
    expect(encoded.overrides).toEqual([]);
    const twin = decoded.expiries.filter((e) => e.expiry === chain.expiries[2].expiry);
    expect(twin.map((e) => e.style?.tradingClass)).toEqual(['SPX', 'SPXW']);
    expect(twin[0].puts.find((o) => o !== null)?.contract).not.toHaveProperty('tradingClass');
    expect(twin[1].puts.find((o) => o !== null)?.contract.tradingClass).toBe('SPXW');
    const cfg: ScanConfig = { spreadTypes: ['bull-put', 'bear-call'], widths: [5, 10], maxRows: 500 };
    expectSameRows(chain, decoded, now, cfg);
    expect(new Set(new ScanEngine(cfg).run([decoded], now).rows.map((r) => r.tradingClass))).toEqual(new Set(['SPX', 'SPXW']));
  });

  it('fresh-overlaid quotes (the lane’s merge of fresh and held fields): exact, the same rows', () => {
    const chain = chainFromDefinition(sim.definitions[0], sim.underlyings[0], sim.rate, sim.quotes);
    const fresh = new Map<string, OptionQuote>();
    let n = 0;
    for (const e of chain.expiries.slice(0, 4))
      for (const o of [...e.calls, ...e.puts]) {
        if (!o?.quote || n++ % 3 !== 0) continue;
        const q = o.quote;
        // A rotation's quote: new bid/ask (a null bid when one side vanished), no greeks or OI of its own.
        fresh.set(contractKey(o.contract), { ...q, bid: n % 5 === 0 ? null : (q.bid ?? 0) + 0.01, last: null, delta: null, gamma: null, openInterest: null, quoteTime: q.quoteTime + 1_000 });
      }
    const overlaid = overlayFreshQuotes(chain, fresh);
    expect(overlaid).not.toBe(chain);
    const { decoded } = posted(overlaid);
    expect(decoded).toStrictEqual(overlaid);
    expectSameRows(overlaid, decoded, sim.now + 1_000);
  });

  it('contracts that do not fit their slice travel whole; NaN, ±Infinity and −0 in a quote stay themselves; optional keys stay absent', () => {
    const chain = handChain({ nextDividend: { exDate: '20260115', amount: 0.5 } });
    const e = chain.expiries[0];
    const calls = [...e.calls];
    const puts = [...e.puts];
    const q = calls[0]!.quote!;
    calls[0] = { contract: { ...calls[0]!.contract, strike: 94.5 }, quote: { ...q, bid: Number.NaN, ask: Number.POSITIVE_INFINITY, theta: -0 } }; // not strikes[0]
    calls[1] = { contract: { ...calls[1]!.contract, tradingClass: undefined }, quote: null }; // key present, undefined
    calls[2] = { contract: { ...calls[2]!.contract, tradingClass: 'XYZ', conId: 42 }, quote: { ...calls[2]!.quote!, volume: Number.NEGATIVE_INFINITY } }; // the symbol's own class, explicit
    puts[1] = { contract: { ...puts[1]!.contract, symbol: 'XYZ2' }, quote: puts[1]!.quote };
    puts[2] = null;
    const odd: OptionChain = {
      ...chain,
      expiries: [
        { ...e, calls, puts, style: undefined },
        { expiry: '20260220', expiresAt: e.expiresAt + 30 * 86_400_000, strikes: [100], calls: [null], puts: [null] }, // no option: no template
      ],
    };
    const { decoded, encoded } = posted(odd);
    expect(decoded).toStrictEqual(odd);
    expect(encoded.overrides.map((c) => [c.strike, c.symbol])).toEqual([
      [94.5, 'XYZ'],
      [100, 'XYZ'],
      [105, 'XYZ'],
      [100, 'XYZ2'],
    ]);
    const back = decoded.expiries[0].calls[0]!.quote!;
    expect([back.bid, back.ask, Object.is(back.theta, -0)]).toEqual([Number.NaN, Number.POSITIVE_INFINITY, true]);
    expect(decoded.expiries[0]).toHaveProperty('style', undefined);
    expect(decoded.expiries[1]).not.toHaveProperty('style');
    expect(decoded.underlying).not.toHaveProperty('dividendYieldSource');
    expect(decoded.underlying.nextDividend).toEqual({ exDate: '20260115', amount: 0.5 });
    expectSameRows(chain, decodeChain(structuredClone(encodeChain(chain).encoded)), HAND_NOW);
  });
});
