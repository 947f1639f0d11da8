export * from './market-types';
export {
  createMarketModel,
  NOT_COMPUTED_GREEK,
  NOT_COMPUTED_PRICE,
  type GreeksKind,
  type MarketModelOptions,
  type SimMarketModel,
} from './market-model';
export { CORE_SYMBOLS, RISK_FREE_RATE } from './universe';
export { benchmarkQuotes, type QuoteBenchmark } from './benchmark';
