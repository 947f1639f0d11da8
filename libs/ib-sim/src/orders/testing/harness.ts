/**
 * An in-memory HandlerRegistry and SimSession pair for driving the order handlers without a socket. Requests are
 * built with the real @stoqey/ib Encoder; what the engine sends is recorded and can be decoded with the real
 * Decoder.
 */
import { ManualClock } from '../../clock';
import { FieldReader, type OutField } from '../../protocol/fields';
import type { HandlerRegistry, MessageHandler, SimSession } from '../../server/handler-registry';
import { registerOrderHandlers } from '../index';
import type { OrderEngine, OrderEngineConfigInput } from '../order-types';
import { FakeMarket } from './fake-market';
import { decodeWithStoqey, encodeWithStoqey, type DecodedEvent } from './stoqey-codec';
import type { Encoder } from '@stoqey/ib/dist/core/io/encoder';

export class MemoryRegistry implements HandlerRegistry {
  readonly handlers = new Map<number, { name: string; handler: MessageHandler }>();
  register(msgId: number, name: string, handler: MessageHandler): void {
    if (this.handlers.has(msgId)) throw new Error(`duplicate handler ${msgId}`);
    this.handlers.set(msgId, { name, handler });
  }
  dispatch(session: SimSession, fields: string[]): void {
    const h = this.handlers.get(Number(fields[0]));
    if (!h) throw new Error(`no handler for ${fields[0]}`);
    h.handler(session, new FieldReader(fields.slice(1)));
  }
}

export class MemorySession implements SimSession {
  readonly serverVersion = 193;
  readonly sent: OutField[][] = [];
  connected = true;
  constructor(
    readonly sessionId: number,
    readonly clientId: number,
  ) {}
  send(fields: OutField[]): void {
    if (this.connected) this.sent.push(fields);
  }
  sendError(reqId: number, code: number, text: string): void {
    this.send([4, 2, reqId, code, text, '']);
  }
  close(): void {
    this.connected = false;
  }
  /** Everything sent so far, decoded by stoqey; fails on any decode error (e.g. 505). */
  take(): DecodedEvent[] {
    const msgs = this.sent.splice(0);
    const { events, errors } = decodeWithStoqey(msgs);
    const bad = errors.filter((e) => e.args[1] === 505 || /Decoding error|Underrun|No parser/.test(String(e.args[0])));
    if (bad.length > 0) throw new Error(`decode errors: ${JSON.stringify(bad)}`);
    return events;
  }
}

export interface Harness {
  clock: ManualClock;
  market: FakeMarket;
  registry: MemoryRegistry;
  engine: OrderEngine;
  sessions: MemorySession[];
  connect(clientId: number): MemorySession;
  /** Encodes with stoqey's Encoder and dispatches to the handlers as `session`. */
  request(session: MemorySession, fn: (e: Encoder) => void): void;
}

export function createHarness(config: OrderEngineConfigInput = {}): Harness {
  const clock = new ManualClock();
  const market = new FakeMarket();
  const registry = new MemoryRegistry();
  const sessions: MemorySession[] = [];
  const engine = registerOrderHandlers(registry, {
    clock,
    market,
    accountId: 'DU1234567',
    sessions: { all: () => sessions },
    orderEngine: config,
  });
  let nextSession = 1;
  return {
    clock,
    market,
    registry,
    engine,
    sessions,
    connect(clientId: number): MemorySession {
      const s = new MemorySession(nextSession++, clientId);
      sessions.push(s);
      return s;
    },
    request(session, fn) {
      for (const m of encodeWithStoqey(fn)) registry.dispatch(session, m);
    },
  };
}
