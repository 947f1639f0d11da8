// Public API of the IBKR connection layer (libs/ibkr). Test helpers: '@ibsc/ibkr/testing'.
export * from './lib/gateway-status.source';
export { type Clock, type TimerHandle, SystemClock } from './lib/clock/clock';
export { IbkrEventBus, type IbkrEventMap, type StateChange, type SessionReady, type SessionLost, type LineEventKind } from './lib/events/ibkr-event-bus';
export { IbConnection, type ConnectionInfo, type FarmStatus, type IbConnectionOptions, type ConnectionHooks, UNPACED_REQ_PER_SEC } from './lib/connection/ib-connection';
export { IbIncoming, type IbIncomingEventMap } from './lib/connection/ib-incoming';
export { ExponentialBackoff, type BackoffOptions } from './lib/connection/backoff';
export { Watchdog, type WatchdogOptions } from './lib/connection/watchdog';
export { DailyRestartService } from './lib/connection/daily-restart.service';
export { RestartSchedule, type RestartScheduleOptions, type RestartPhase, parseRestartTime, isValidTimeZone } from './lib/restart/restart-schedule';
export {
  IbErrorPolicy,
  IB_ERROR_TABLE,
  FARM_CODES,
  classifyIbError,
  type IbErrorCategory,
  type IbErrorAction,
  type IbErrorRule,
  type ClassifiedIbError,
} from './lib/errors/ib-error-policy';
export { IbRequestError, type IbRequestFailure } from './lib/errors/ib-request-error';
export { RequestCoordinator, type RequestCoordinatorOptions } from './lib/requests/request-coordinator';
export { REQUEST_LANES, type RequestLane, type RequestSpec, type ResponseCollector } from './lib/requests/request-spec';
export {
  contractDetailsRequest,
  secDefOptParamsRequest,
  historicalDataRequest,
  currentTimeRequest,
  placeOrderRequest,
  cancelOrderRequest,
  contractKey,
  historicalPacingKey,
  barSizeSeconds,
  type SecDefOptParams,
  type HistoricalBar,
  type HistoricalDataParams,
} from './lib/requests/ib-requests';
export { TokenBucket } from './lib/requests/token-bucket';
export { HistoricalPacer, IB_HISTORICAL_LIMITS, type HistoricalLimits, type HistoricalPacingKey } from './lib/requests/historical-pacer';
export { BackpressureTiers, type BackpressureSignal, type BackpressureLevel } from './lib/requests/backpressure';
export { RequestIds } from './lib/requests/request-ids';
export {
  MarketDataLineManager,
  type LineSubscription,
  type LineStatus,
  type LineUsage,
  type MarketDataConsumer,
  type SubscribeOptions,
  type LineManagerOptions,
} from './lib/market-data/line-manager';
export { type Quote, type TickEvent, type OptionGreeks } from './lib/market-data/quote';
export { LruOrder } from './lib/market-data/lru-order';
export { OrderIdAuthority } from './lib/orders/order-id-authority';
export { ORDER_ID_STORE, InMemoryOrderIdStore, type OrderIdStore } from './lib/orders/order-id-store';
export { IbkrRuntime, type IbkrOptions, type IbkrLogger, SILENT_LOGGER } from './lib/ibkr-runtime';
export { IbkrStatusSource } from './lib/ibkr.status-source';
export { IbkrHealthIndicator } from './lib/ibkr.health';
export { IbkrMetrics, IBKR_METRIC_NAMES } from './lib/ibkr.metrics';
export * from './lib/ibkr.module';
