import { EventEmitter } from 'node:events';
import type { ConnectionState } from '@ibsc/shared-dto';
import type { ClassifiedIbError } from '../errors/ib-error-policy';
import type { BackpressureSignal } from '../requests/backpressure';
import type { RestartPhase } from '../restart/restart-schedule';

export interface StateChange {
  from: ConnectionState;
  to: ConnectionState;
  reason: string;
  at: number;
}

export interface SessionReady {
  clientId: number;
  /** The gateway's nextValidId at the handshake. */
  nextValidId: number;
  accounts: string[];
  serverVersion: number;
  /** True when this is not the first session of the process (orders should reconcile). */
  reconnect: boolean;
  usingFallbackClientId: boolean;
  at: number;
}

export interface SessionLost {
  reason: string;
  /** Inside the daily restart window: expected, logged, no alert. */
  expected: boolean;
  at: number;
}

export type LineEventKind = 'requested' | 'evicted' | 'waiting' | 'failed' | 'released' | 'restored';

/**
 * The connection layer's internal event bus: everything it decides, for the API (status, metrics, logs), the
 * scanner and the order engine. Typed; services never see socket.io.
 */
export interface IbkrEventMap {
  state: [StateChange];
  /**
   * A session is up: the handshake completed and nextValidId is known. It fires before the state becomes `ready`
   * (at once on the first connect, after `restoring` on a reconnect): to use the session for requests, wait for the
   * `state` change to `ready`, as the order engine and the scanner do.
   */
  ready: [SessionReady];
  'session-lost': [SessionLost];
  'ib-error': [ClassifiedIbError];
  /** Needs a person: unexpected disconnects, 10197, 100, 103, unsupported versions. */
  alert: [{ message: string; code: number | null; at: number }];
  connectivity: [{ code: 1100 | 1101 | 1102; at: number }];
  farm: [{ farm: 'market' | 'hmds' | 'secdef'; ok: boolean; code: number; message: string; at: number }];
  throttle: [{ active: boolean; queueDepth: number; at: number }];
  backpressure: [BackpressureSignal];
  'request-sent': [{ kind: string; lane: string; reqId: number; at: number }];
  'request-done': [{ kind: string; lane: string; latencyMs: number; outcome: 'ok' | 'error'; at: number }];
  line: [{ kind: LineEventKind; key: string; tickerId: number | null; at: number }];
  'lines-restored': [{ count: number; reason: 'reconnect' | 'data-lost'; at: number }];
  restart: [{ phase: RestartPhase; nextRestartAt: number; at: number }];
  'client-id': [{ clientId: number; fallback: boolean; message: string; at: number }];
}

export class IbkrEventBus extends EventEmitter<IbkrEventMap> {
  constructor() {
    super();
    this.setMaxListeners(100);
  }
}
