import type { IBApi } from '@stoqey/ib';
import type { HistoricalPacingKey } from './historical-pacer';

/**
 * Priority lanes, highest first: the watchdog probe, then orders and cancels, then what an order waits for
 * (`order-data`: its legs' quote lines and contract details, and every market-data line cancel, so a freed line is
 * freed at the gateway before the line that takes its slot), then market data (the scan's lines), then contract
 * details (and account queries), then historical data. Orders first: a preview never queues behind scan acquisition.
 */
export const REQUEST_LANES = ['system', 'order', 'order-data', 'market-data', 'contract', 'historical'] as const;
export type RequestLane = (typeof REQUEST_LANES)[number];

/** Builds one request's answer from the incoming events. A fresh collector is made for every send. */
export interface ResponseCollector<T> {
  /** Incoming event names the answer is made of. */
  readonly events: readonly string[];
  /** `reqId`: the events' first argument is the request id; `first`: the oldest request in flight waiting for them. */
  readonly match: 'reqId' | 'first';
  /** Feeds one event; returns the value once the answer is complete. */
  accept(event: string, args: readonly unknown[]): { value: T } | undefined;
}

/** One request as the coordinator handles it. See `ib-requests.ts` for ready-made ones. */
export interface RequestSpec<T> {
  /** Metric label and error text, e.g. `contractDetails`. */
  kind: string;
  lane: RequestLane;
  /**
   * Idempotent requests (queries) wait in the queue across a disconnect and are replayed (under a new request id)
   * after the reconnect. Others (orders, cancels, line requests) fail with a typed error instead: `disconnected`
   * when never sent, `outcome-unknown` when sent and not answered.
   */
  idempotent: boolean;
  /** Identical requests queued or in flight share one answer. */
  dedupKey?: string;
  /** Time allowed for the answer once sent. Default: 10 s system, 30 s contract, 60 s historical, 15 s otherwise. */
  timeoutMs?: number;
  /** Time allowed from submission until sent (queue and disconnects). Default 120 s. */
  maxWaitMs?: number;
  /** Historical requests: the pacing key (the coordinator applies IB's rules). */
  historical?: HistoricalPacingKey;
  /** Writes the message with this request id. */
  send(api: IBApi, reqId: number): void;
  /** Sent (paced) when the request times out in flight, e.g. cancelHistoricalData. */
  cancel?(api: IBApi, reqId: number): void;
  /** Checked before sending: an obsolete request is dropped unsent and resolves (e.g. a line request overtaken by a restore). */
  isObsolete?(): boolean;
  /** Absent: the request completes once written (fire-and-forget, e.g. placeOrder). */
  collector?: () => ResponseCollector<T>;
}
