import type { GatewayStatus, SystemStatus } from '@ibsc/shared-dto';
import type { StatusSocket, StatusSocketFactory } from '../core/system-status/status-socket';

type Handler = (...args: never[]) => void;

/** Stands in for a Socket.IO client: records listeners, lets a test play the server. */
export class FakeStatusSocket {
  readonly listeners = new Map<string, Handler[]>();
  disconnected = false;

  constructor(readonly token: string) {}

  on(event: string, handler: Handler): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), handler]);
    return this;
  }

  off(event: string, handler: Handler): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((h) => h !== handler));
    return this;
  }

  /** What the client sent, with the ack callback when it passed one. */
  readonly emitted: Array<{ event: string; args: unknown[] }> = [];

  emit(event: string, ...args: unknown[]): this {
    this.emitted.push({ event, args });
    return this;
  }

  /** Answers the newest emit of `event` that carried an ack callback. */
  ack(event: string, reply: unknown): void {
    const sent = [...this.emitted].reverse().find((e) => e.event === event);
    const callback = sent?.args[sent.args.length - 1];
    if (typeof callback !== 'function') throw new Error(`no ${event} with an ack was emitted`);
    (callback as (r: unknown) => void)(reply);
  }

  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }

  disconnect(): this {
    this.disconnected = true;
    return this;
  }

  /** Delivers an event as if the server (or the client library) had emitted it. */
  fire(event: string, ...args: unknown[]): void {
    for (const handler of this.listeners.get(event) ?? []) (handler as (...a: unknown[]) => void)(...args);
  }
}

/** A socket factory that keeps every socket it opened, newest last. */
export function fakeSocketFactory(): { factory: StatusSocketFactory; sockets: FakeStatusSocket[] } {
  const sockets: FakeStatusSocket[] = [];
  const factory: StatusSocketFactory = (token) => {
    const socket = new FakeStatusSocket(token);
    sockets.push(socket);
    return socket as unknown as StatusSocket;
  };
  return { factory, sockets };
}

export function makeGateway(overrides: Partial<GatewayStatus> = {}): GatewayStatus {
  return {
    kind: 'simulator',
    state: 'ready',
    host: '127.0.0.1',
    port: 7497,
    expectedRestart: false,
    nextRestartAt: null,
    message: null,
    accountId: 'DU123456',
    ...overrides,
  };
}

export function makeStatus(
  overrides: Partial<Omit<SystemStatus, 'gateway'>> & { gateway?: Partial<GatewayStatus> } = {},
): SystemStatus {
  const { gateway, ...rest } = overrides;
  return {
    at: '2026-11-21T14:30:00.000Z',
    uptimeSeconds: 3_725,
    version: '0.1.0',
    marketData: { active: 10, max: 90, waiting: 0 },
    requests: { queueDepth: 0, throttled: false },
    database: 'up',
    session: { replicaId: 'api-1', role: 'owner', owner: 'api-1', epoch: 3, acquiredAt: '2026-11-21T13:00:00.000Z', lastFailoverAt: null, previousOwner: null, failovers: 0 },
    lastErrors: [],
    ...rest,
    gateway: makeGateway(gateway),
  };
}
