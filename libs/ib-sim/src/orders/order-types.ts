import type { AccountSnapshot } from '../account/account-file';
/**
 * Domain types of the simulated order engine: what a placeOrder carries, what the engine keeps per order, and the
 * context the engine is built from. The engine knows nothing of sockets beyond `SimSession`.
 */
import type { ContractSpec } from '../handlers/contract-spec';
import type { Clock } from '../clock';
import type { ContractDef, MarketModel } from '../market/market-types';
import type { SimSession } from '../server/handler-registry';

export type OrderAction = 'BUY' | 'SELL';

/** Order statuses as TWS names them (orderStatus field 2). */
export type OrderStatusName =
  | 'PendingSubmit'
  | 'PreSubmitted'
  | 'Submitted'
  | 'Filled'
  | 'Cancelled'
  | 'ApiCancelled'
  | 'Inactive';

/** One combo leg as the client sent it (placeOrder BAG block). Raw strings are echoed back in openOrder. */
export interface ComboLegRequest {
  conId: number;
  ratio: number;
  action: string;
  exchange: string;
  openClose: string;
  shortSaleSlot: string;
  designatedLocation: string;
  exemptCode: string;
}

/** The contract part of a placeOrder: the request contract fields (contract-spec.ts) and the combo legs. */
export interface ContractRequest extends ContractSpec {
  comboLegs: ComboLegRequest[];
}

/** The fields of a placeOrder (server version 193) the engine uses or echoes back. */
export interface PlaceOrderRequest {
  orderId: number;
  contract: ContractRequest;
  action: string;
  totalQuantity: number;
  orderType: string;
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  tif: string;
  ocaGroup: string;
  account: string;
  openClose: string;
  origin: number;
  orderRef: string;
  /** An empty field (stoqey's default) means true, as in the Java client. */
  transmit: boolean;
  parentId: number;
  outsideRth: boolean;
  hidden: boolean;
  /** Per-leg limit prices (orderComboLegs), `undefined` where unset. */
  orderComboLegPrices: (number | undefined)[];
  smartComboRoutingParams: { tag: string; value: string }[];
  goodAfterTime: string;
  goodTillDate: string;
  /** 0 when unset; 1 = cancel with block, 2 = reduce with block, 3 = reduce non-block. */
  ocaType: number;
  whatIf: boolean;
}

/** One leg of an instrument, resolved against the market model. `sign` is +1 for a BUY leg, -1 for a SELL leg. */
export interface ResolvedLeg {
  conId: number;
  ratio: number;
  sign: 1 | -1;
  def: ContractDef;
  /** Index in the client's comboLegs (for execIds). */
  index: number;
}

/** What an order trades: one contract, or a BAG of legs (a single contract is a one-leg instrument with sign +1). */
export interface Instrument {
  kind: 'single' | 'combo';
  /** Underlying symbol (BAG contracts carry it too). */
  symbol: string;
  legs: ResolvedLeg[];
}

/** Parameters of the fill model. Every field has a default (see `DEFAULT_FILL_MODEL`). */
export interface FillModelConfig {
  /** Seed of the engine's random draws (mid-zone fills, partial slices). */
  seed: number;
  /** Probability that one trial fills a limit sitting between mid and natural. */
  midFillProbability: number;
  /** Time a limit must sit between mid and natural before each trial (ms). */
  midFillDelayMs: number;
  /** Probability that a fill of an order with more than 1 remaining is partial. */
  partialFillProbability: number;
  /** Time between two slices of a partially filled order (ms). */
  partialFillIntervalMs: number;
  /** Period of the timer that re-evaluates working orders and expires DAY orders (ms). */
  evaluationIntervalMs: number;
}

export interface CommissionConfig {
  /** USD per option contract (IBKR Pro fixed: 0.65). */
  perContract: number;
  /** USD per share for stock (IBKR Pro fixed: 0.005). */
  perShare: number;
  /** Per-order minimum in USD, charged cumulatively over the order's executions (IB: 1.00). 0 disables it. */
  minPerOrder: number;
}

export interface AccountConfig {
  /** Starting cash of the paper account (USD). */
  initialCash: number;
  /** BuyingPower = max(0, AvailableFunds) x this (Reg T intraday: 4). */
  buyingPowerMultiplier: number;
  /** Period of accountSummary updates to subscribers (IB: every 3 minutes). */
  accountSummaryIntervalMs: number;
  /** Active reqAccountSummary subscriptions per client before error 322 (IB: 2). */
  maxAccountSummarySubscriptions: number;
}

export interface OrderEngineConfig {
  fill: FillModelConfig;
  commission: CommissionConfig;
  account: AccountConfig;
  /** First permId handed out; permIds then increase by one for the simulator's lifetime. */
  permIdStart: number;
  /**
   * IB Gateway's "Master API client ID" setting: that client also receives openOrder/orderStatus/execDetails of
   * every other client's orders and sees all executions in reqExecutions. IB's default is none (undefined).
   */
  masterClientId: number | undefined;
  /** Cancel TIF DAY orders at 16:00 New York time of the trading day they were placed in. */
  expireDayOrders: boolean;
}

export const DEFAULT_ORDER_ENGINE_CONFIG: OrderEngineConfig = {
  fill: {
    seed: 42,
    midFillProbability: 0.35,
    midFillDelayMs: 3_000,
    partialFillProbability: 0.5,
    partialFillIntervalMs: 2_000,
    evaluationIntervalMs: 1_000,
  },
  commission: { perContract: 0.65, perShare: 0.005, minPerOrder: 1 },
  account: {
    initialCash: 1_000_000,
    buyingPowerMultiplier: 4,
    accountSummaryIntervalMs: 180_000,
    maxAccountSummarySubscriptions: 2,
  },
  permIdStart: 1_173_000_001,
  masterClientId: undefined,
  expireDayOrders: true,
};

export type OrderEngineConfigInput = {
  fill?: Partial<FillModelConfig>;
  commission?: Partial<CommissionConfig>;
  account?: Partial<AccountConfig>;
  permIdStart?: number;
  masterClientId?: number;
  expireDayOrders?: boolean;
};

export function resolveConfig(input: OrderEngineConfigInput | undefined): OrderEngineConfig {
  const d = DEFAULT_ORDER_ENGINE_CONFIG;
  return {
    fill: { ...d.fill, ...input?.fill },
    commission: { ...d.commission, ...input?.commission },
    account: { ...d.account, ...input?.account },
    permIdStart: input?.permIdStart ?? d.permIdStart,
    masterClientId: input?.masterClientId ?? d.masterClientId,
    expireDayOrders: input?.expireDayOrders ?? d.expireDayOrders,
  };
}

/**
 * What the engine is built from. `SimContext` of the protocol server satisfies it structurally, so
 * `registerOrderHandlers(registry, simContext)` works as is.
 */
export interface OrderEngineContext {
  readonly clock: Clock;
  readonly market: MarketModel;
  readonly accountId: string;
  /** Connected sessions; the engine pushes order events to those of the owning client id. */
  readonly sessions: { all(): SimSession[] };
  /** Told of every orderId a client uses, so nextValidId stays above it (TWS behaviour). */
  readonly orderIds?: { markUsed(id: number): void };
  /** Fault hooks read by the engine: a pending "reject the next order" (returns the reason once). */
  readonly orderFaults?: { consumeNextOrderRejection(): string | undefined };
  readonly orderEngine?: OrderEngineConfigInput;
  /** Told after every change of the account (a fill, an order id used, an outside adjustment): the simulator saves it. */
  readonly accountChanged?: () => void;
}

/** A read-only view of an order, for tests and the control API. */
export interface OrderSnapshot {
  clientId: number;
  orderId: number;
  permId: number;
  status: OrderStatusName;
  action: OrderAction;
  orderType: string;
  lmtPrice: number | undefined;
  /** The stop trigger of a STP order. */
  auxPrice: number | undefined;
  totalQuantity: number;
  filled: number;
  remaining: number;
  avgFillPrice: number;
  tif: string;
  orderRef: string;
  parentId: number;
  ocaGroup: string;
  transmitted: boolean;
  symbol: string;
  secType: string;
}

/** One execution as the engine records it (legs, and the BAG execution of a combo fill). */
export interface ExecutionRecord {
  execId: string;
  /** Epoch ms. */
  time: number;
  clientId: number;
  orderId: number;
  permId: number;
  orderRef: string;
  /** The contract fields execDetails carries. */
  contract: {
    conId: number;
    symbol: string;
    secType: string;
    lastTradeDateOrContractMonth: string;
    strike: number;
    right: string;
    multiplier: string;
    currency: string;
    localSymbol: string;
    tradingClass: string;
  };
  exchange: string;
  side: 'BOT' | 'SLD';
  shares: number;
  price: number;
  cumQty: number;
  avgPrice: number;
  /** 1 = added liquidity (a resting limit filled), 2 = removed (marketable). */
  lastLiquidity: 1 | 2;
  commission: number;
  /** Realized P&L of this execution, or undefined (sent as UNSET) when it opened a position. */
  realizedPnl: number | undefined;
}

/** The engine as seen by the server, the fault controller and tests. */
export interface OrderEngine {
  /** All orders the engine knows (working and finished), oldest first. */
  orders(): OrderSnapshot[];
  order(clientId: number, orderId: number): OrderSnapshot | undefined;
  executions(): ExecutionRecord[];
  /** The highest orderId a client has used, or undefined. */
  highestOrderId(clientId: number): number | undefined;
  /** Fault: the next (non-whatIf) placeOrder is rejected with error 201 and this reason. */
  rejectNextOrder(reason?: string): void;
  /**
   * Fault / test hook: fills the working order now at `price` (default: the natural price), whatever the market,
   * whether or not its client is connected.
   */
  forceFill(clientId: number, orderId: number, price?: number): boolean;
  /** Re-evaluates every working order against the market now. */
  evaluate(): void;
  /** Account values (as reqAccountSummary reports them), computed now. */
  accountValues(): Record<string, number>;
  /** Positions by conId: quantity and IB-style average cost (price x multiplier, commissions included). */
  positions(): { conId: number; position: number; avgCost: number }[];
  /**
   * Fault / test hook: the account changes outside every API client (a close in TWS, an expiry, an assignment):
   * books `quantity` (signed) of the contract at `price` (default its mid; 0 for an expiry) without commission and
   * pushes the new position to reqPositions subscribers. False when the contract is unknown.
   */
  adjustPosition(conId: number, quantity: number, price?: number): boolean;
  /** The account as kept across restarts (account-file.ts). */
  exportAccount(): AccountSnapshot;
  /** Restores a saved account (before any client connects). */
  importAccount(s: AccountSnapshot): void;
  /** Stops timers and market listeners. Orders and executions stay readable. */
  dispose(): void;
}
