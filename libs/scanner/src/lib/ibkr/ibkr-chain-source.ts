/**
 * Option chains from the gateway, as the static data they are: the underlying's conId (contract details: a stock or
 * ETF as secType STK, an index as IND on its exchange; the other is tried when the first is unknown), expiries and
 * strikes (reqSecDefOptParams), then the listed contracts and their conIds (contract details, one request per expiry
 * and trading class so no answer is huge). An index lists several classes (SPX: SPX AM monthlies and SPXW PM
 * weeklies/dailies, both on the third Friday): every class on the exchange is loaded, each expiry carrying its
 * class, settlement and exercise style (chain/option-style.ts). Cached per symbol for the New York trading day: the first scan of a
 * day loads a chain, every later scan that day reuses it (`refresh` forces a reload). A reload that fails keeps
 * serving yesterday's definition (minus expired expiries) rather than failing the scan.
 */
import { contractDetailsRequest, IbRequestError, secDefOptParamsRequest, type SecDefOptParams } from '@ibsc/ibkr';
import type { Contract, ContractDetails } from '@stoqey/ib';
import { dayNumberOf, newYorkCloseMs, newYorkDayNumber } from '../chain/calendar';
import type { ChainDefinition, ExpiryStyle } from '../chain/option-chain';
import { expiryTimes, INDEX_EXCHANGES, optionStyle, type UnderlyingSecType } from '../chain/option-style';
import { UnknownSymbolError, type ChainSource } from '../sources/market-sources';
import type { IbkrPorts } from './ibkr-ports';

export interface IbkrChainSourceOptions {
  /** Exchange the chain is routed on. Default SMART. */
  exchange?: string;
  currency?: string;
  /** Timeout of one contract-details answer. Default 60 s. */
  detailsTimeoutMs?: number;
}

export interface ChainLoadStats {
  symbol: string;
  /** Requests sent to load it: 1 stock details + 1 sec-def + 1 per expiry. */
  requests: number;
  expiries: number;
  contracts: number;
  loadedAt: number;
}

interface Entry {
  day: number;
  def: Promise<ChainDefinition>;
  settled: ChainDefinition | null;
}

const OPT = 'OPT' as Contract['secType'];

/** How the gateway names an underlying: its conId, secType and the exchange its price is quoted on. */
export interface UnderlyingRef {
  conId: number;
  secType: UnderlyingSecType;
  exchange: string;
}

export class IbkrChainSource implements ChainSource {
  private readonly cache = new Map<string, Entry>();
  private readonly underlyingRefs = new Map<string, UnderlyingRef>();
  /** What each load cost (diagnostics, the benchmark). */
  readonly loads: ChainLoadStats[] = [];

  constructor(
    private readonly ports: IbkrPorts,
    private readonly options: IbkrChainSourceOptions = {},
  ) {}

  definition(symbol: string): Promise<ChainDefinition> {
    const today = newYorkDayNumber(this.ports.clock.now());
    const hit = this.cache.get(symbol);
    if (hit && hit.day === today) return hit.def;
    const previous = hit?.settled ?? null;
    const entry: Entry = { day: today, settled: null, def: Promise.resolve(null as unknown as ChainDefinition) };
    entry.def = this.load(symbol).then(
      (def) => {
        entry.settled = def;
        return def;
      },
      (e: unknown) => {
        if (this.cache.get(symbol) === entry) this.cache.delete(symbol);
        // Static data: yesterday's chain without its expired expiries beats no scan at all.
        if (previous && !(e instanceof UnknownSymbolError)) return dropExpired(previous, today);
        throw e;
      },
    );
    this.cache.set(symbol, entry);
    return entry.def;
  }

  /** The underlying's conId once its chain was loaded (the underlying source uses it). */
  underlyingConId(symbol: string): number | undefined {
    return this.underlyingRefs.get(symbol)?.conId;
  }

  /** conId, secType and exchange of the underlying once its chain was loaded (an index is IND on CBOE, …). */
  underlyingRef(symbol: string): UnderlyingRef | undefined {
    return this.underlyingRefs.get(symbol);
  }

  /** Forgets cached chains (all, or one symbol); the next `definition` reloads. */
  refresh(symbol?: string): void {
    if (symbol) this.cache.delete(symbol);
    else this.cache.clear();
  }

  /** Symbols whose definition is cached for today, with their definitions. */
  cached(): Map<string, ChainDefinition> {
    const today = newYorkDayNumber(this.ports.clock.now());
    const out = new Map<string, ChainDefinition>();
    for (const [s, e] of this.cache) if (e.day === today && e.settled) out.set(s, e.settled);
    return out;
  }

  private async load(symbol: string): Promise<ChainDefinition> {
    const { coordinator, clock } = this.ports;
    const exchange = this.options.exchange ?? 'SMART';
    const currency = this.options.currency ?? 'USD';
    const timeoutMs = this.options.detailsTimeoutMs ?? 60_000;
    let requests = 0;
    const counted = <T>(run: () => Promise<T>): Promise<T> => {
      requests++;
      return run();
    };
    const und = await resolveUnderlying(coordinator, symbol, exchange, currency, timeoutMs, counted);
    this.underlyingRefs.set(symbol, und);
    const params = await rejectedAsUnknown(symbol, () => counted(() => coordinator.submit(secDefOptParamsRequest({ symbol, conId: und.conId, secType: und.secType }))));
    const chosen = und.secType === 'IND' ? indexParams(params, exchange) : [pickParams(params, symbol, exchange)].filter((p): p is SecDefOptParams => p !== undefined);
    if (chosen.length === 0) throw new UnknownSymbolError(symbol);
    const today = newYorkDayNumber(clock.now());
    const jobs = chosen
      .flatMap((p) => [...new Set(p.expirations)].filter((e) => dayNumberOf(e) >= today).map((expiry) => ({ p, expiry })))
      .sort((a, b) => (a.expiry < b.expiry ? -1 : a.expiry > b.expiry ? 1 : a.p.tradingClass < b.p.tradingClass ? -1 : 1));
    const perExpiry = await Promise.all(
      jobs.map(({ p, expiry }) => {
        const c: Contract = { symbol, secType: OPT, exchange, currency, lastTradeDateOrContractMonth: expiry, tradingClass: p.tradingClass, multiplier: Number(p.multiplier) || undefined };
        return counted(() => coordinator.submit(contractDetailsRequest(c, { timeoutMs }))).catch((e: unknown) => {
          // An expiry IB lists in sec-def but has no contracts for (200): skip it, keep the rest.
          if (e instanceof IbRequestError && e.failure === 'rejected') return [] as ContractDetails[];
          throw e;
        });
      }),
    );
    const styles = und.secType === 'IND' ? jobs.map(({ p, expiry }) => styleOf(und.secType, p.tradingClass, expiry)) : undefined;
    const def = buildDefinition(symbol, Number(chosen[0].multiplier) || 100, jobs.map((j) => j.expiry), perExpiry, styles);
    if (und.secType === 'IND') def.underlyingSecType = 'IND';
    this.loads.push({ symbol, requests, expiries: def.expiries.length, contracts: countContracts(def), loadedAt: clock.now() });
    return def;
  }
}

/**
 * The underlying as a stock/ETF (STK on SMART) or an index (IND on its exchange): a known index symbol
 * (INDEX_EXCHANGES) is asked as IND first, anything else as STK first; the other is tried when IB answers 200.
 */
async function resolveUnderlying(
  coordinator: IbkrPorts['coordinator'],
  symbol: string,
  exchange: string,
  currency: string,
  timeoutMs: number,
  counted: <T>(run: () => Promise<T>) => Promise<T>,
): Promise<UnderlyingRef> {
  const indexExchange = INDEX_EXCHANGES[symbol.toUpperCase()];
  const order: UnderlyingSecType[] = indexExchange ? ['IND', 'STK'] : ['STK', 'IND'];
  for (const secType of order) {
    const onExchange = secType === 'IND' ? (indexExchange ?? 'CBOE') : exchange;
    const c: Contract = { symbol, secType: secType as Contract['secType'], exchange: onExchange, currency };
    try {
      const found = await counted(() => coordinator.submit(contractDetailsRequest(c, { timeoutMs })));
      const conId = found[0]?.contract.conId;
      if (conId) return { conId, secType, exchange: secType === 'IND' ? (found[0].contract.exchange || onExchange) : exchange };
    } catch (e) {
      if (!(e instanceof IbRequestError && e.failure === 'rejected')) throw e;
    }
  }
  throw new UnknownSymbolError(symbol);
}

function styleOf(secType: UnderlyingSecType, tradingClass: string, expiry: string): ExpiryStyle {
  const st = optionStyle(secType, tradingClass);
  return { tradingClass, settlement: st.settlement, settlesAt: expiryTimes(expiry, st.settlement).settlesAt, exercise: st.exercise, cashSettled: st.cashSettled };
}

/** Every trading class of an index chain on the exchange (SMART, else whichever exchange lists it). */
export function indexParams(params: readonly SecDefOptParams[], exchange: string): SecDefOptParams[] {
  const onExchange = params.filter((p) => p.exchange === exchange);
  const pool = onExchange.length ? onExchange : params.filter((p) => p.exchange === params[0]?.exchange);
  const seen = new Set<string>();
  return pool.filter((p) => !seen.has(p.tradingClass) && seen.add(p.tradingClass));
}

async function rejectedAsUnknown<T>(symbol: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof IbRequestError && e.failure === 'rejected') throw new UnknownSymbolError(symbol);
    throw e;
  }
}

/** The SMART chain of the symbol's own trading class (SPY, not SPYW-style secondary classes) when there is one. */
export function pickParams(params: readonly SecDefOptParams[], symbol: string, exchange: string): SecDefOptParams | undefined {
  const onExchange = params.filter((p) => p.exchange === exchange);
  const pool = onExchange.length ? onExchange : params;
  return pool.find((p) => p.tradingClass === symbol) ?? [...pool].sort((a, b) => b.expirations.length - a.expirations.length)[0];
}

/**
 * Builds the definition from contract details grouped by expiry: per expiry the union of listed strikes, with
 * conIds parallel to them (null where a call or put is not listed). Expiries without contracts are dropped.
 */
export function buildDefinition(
  symbol: string,
  multiplier: number,
  expirations: readonly string[],
  details: ReadonlyArray<readonly ContractDetails[]>,
  styles?: ReadonlyArray<ExpiryStyle | undefined>,
): ChainDefinition {
  const expiries: Array<ChainDefinition['expiries'][number]> = [];
  expirations.forEach((expiry, i) => {
    const style = styles?.[i];
    const calls = new Map<number, number>();
    const puts = new Map<number, number>();
    for (const d of details[i] ?? []) {
      const c = d.contract;
      if (!c.conId || c.strike === undefined) continue;
      if ((c.lastTradeDateOrContractMonth ?? expiry).slice(0, 8) !== expiry) continue;
      const right = String(c.right ?? '').toUpperCase();
      if (right === 'C' || right === 'CALL') calls.set(c.strike, c.conId);
      else if (right === 'P' || right === 'PUT') puts.set(c.strike, c.conId);
    }
    const strikes = [...new Set([...calls.keys(), ...puts.keys()])].sort((a, b) => a - b);
    if (strikes.length === 0) return;
    expiries.push({
      expiry,
      expiresAt: style ? expiryTimes(expiry, style.settlement).expiresAt : newYorkCloseMs(expiry),
      ...(style ? { style } : {}),
      strikes,
      callConIds: strikes.map((k) => calls.get(k) ?? null),
      putConIds: strikes.map((k) => puts.get(k) ?? null),
    });
  });
  return { symbol, multiplier, expiries };
}

function dropExpired(def: ChainDefinition, today: number): ChainDefinition {
  return { ...def, expiries: def.expiries.filter((e) => dayNumberOf(e.expiry) >= today) };
}

function countContracts(def: ChainDefinition): number {
  let n = 0;
  for (const e of def.expiries) for (let i = 0; i < e.strikes.length; i++) n += (e.callConIds?.[i] ? 1 : 0) + (e.putConIds?.[i] ? 1 : 0);
  return n;
}
