/**
 * A micro-benchmark for `npm run bench:sim`: how fast the model prices a whole chain (quote + model greeks of
 * every option of one underlying), with the per-step cache defeated each round.
 */
import type { SimMarketModel } from './market-model';

export interface QuoteBenchmark {
  symbol: string;
  options: number;
  rounds: number;
  /** Mean milliseconds to price the whole chain once. */
  msPerChain: number;
  /** Option quotes (each with its model greeks) per second. */
  quotesPerSecond: number;
}

export function benchmarkQuotes(model: SimMarketModel, symbol = 'SPY', rounds = 20): QuoteBenchmark {
  const conIds = model.optionConIds(symbol);
  const start = performance.now();
  for (let i = 0; i < rounds; i++) {
    model.jump(symbol, 0); // a zero move still invalidates the cached quotes of the chain
    for (const id of conIds) {
      model.quote(id);
      model.greeks(id, 'model');
    }
  }
  const ms = performance.now() - start;
  return {
    symbol,
    options: conIds.length,
    rounds,
    msPerChain: ms / rounds,
    quotesPerSecond: (conIds.length * rounds * 1000) / ms,
  };
}
