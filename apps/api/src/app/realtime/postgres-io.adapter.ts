import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/postgres-adapter';
import { plainRows } from '@ibsc/scanner';
import { Pool } from 'pg';
import { rowTextParser } from './row-text-parser';

/**
 * Socket.IO across replicas (ADR 0010): the maintained PostgreSQL adapter relays every broadcast (and room emit)
 * through NOTIFY, so an event the session owner emits reaches the sockets of every replica. Payloads over
 * PostgreSQL's 8,000-byte NOTIFY limit go through `socket_io_attachments` (created by the migrations).
 * WebSocket only: long-polling needs every request of a session to reach the same replica (sticky sessions),
 * which a plain Service or round-robin proxy does not give; the console connects with WebSocket.
 *
 * Only while another replica listens: the adapter learns its peers from their heartbeats (a starting replica
 * announces itself at once and every peer answers), and while it knows none it keeps its broadcasts local instead of
 * encoding each one and writing it to PostgreSQL (a broad scan's deltas, hundreds of KB a second, went through
 * `socket_io_attachments` in a single process with nobody to read them). Heartbeats always go out.
 */
/** The cluster adapter's fields this relies on (socket.io-adapter's ClusterAdapterWithHeartbeat). */
interface ClusterAdapterLike {
  nodesMap: Map<string, number>;
  publishAndReturnOffset(message: { type: number }): Promise<string>;
  doPublish(message: unknown): Promise<string>;
  doPublishResponse(requesterUid: string, response: unknown): Promise<void>;
}
/** socket.io-adapter's MessageType.HEARTBEAT: INITIAL_HEARTBEAT (1) and HEARTBEAT (2) are how peers find each other. */
const LAST_HEARTBEAT_TYPE = 2;

/** Wraps the adapter factory so that a namespace's adapter publishes only while it knows another replica. */
export function publishOnlyToPeers<N>(factory: (nsp: N) => unknown, seen: Set<ClusterAdapterLike>): (nsp: N) => unknown {
  // a function, not an arrow: Socket.IO calls it with `new` (an object returned from a constructor is the result)
  return function (nsp: N) {
    const adapter = factory(nsp) as ClusterAdapterLike;
    const publish = adapter.publishAndReturnOffset.bind(adapter);
    adapter.publishAndReturnOffset = (message) => (message.type > LAST_HEARTBEAT_TYPE && adapter.nodesMap.size === 0 ? Promise.resolve('') : publish(message));
    // What goes to the peers is encoded by the adapter (JSON or MessagePack), which sees only a row object's plain
    // fields: the scan's rows (ADR 0027) go as plain rows.
    const doPublish = adapter.doPublish.bind(adapter);
    const doPublishResponse = adapter.doPublishResponse.bind(adapter);
    adapter.doPublish = (message) => doPublish(plainRows(message));
    adapter.doPublishResponse = (uid, response) => doPublishResponse(uid, plainRows(response));
    seen.add(adapter);
    return adapter;
  };
}

export class PostgresIoAdapter extends IoAdapter {
  private pool: Pool | null = null;
  private readonly adapters = new Set<ClusterAdapterLike>();

  constructor(
    app: INestApplicationContext,
    private readonly databaseUrl: string,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Parameters<IoAdapter['createIOServer']>[1]): ReturnType<IoAdapter['createIOServer']> {
    // The scan's rows are written into packets as their text (ADR 0027).
    const server = super.createIOServer(port, { ...options, transports: ['websocket'], parser: rowTextParser } as Parameters<IoAdapter['createIOServer']>[1]);
    this.pool = new Pool({ connectionString: this.databaseUrl, max: 4, application_name: 'ibsc-socket.io' });
    // The adapter's LISTEN client has no error listener of its own: without one, a database outage would crash the
    // process. It reconnects by itself on 'end'.
    this.pool.on('error', () => undefined);
    this.pool.on('connect', (client) => client.on('error', () => undefined));
    // @nestjs/platform-socket.io carries its own copy of socket.io: the same runtime API, other type declarations.
    const factory = createAdapter(this.pool, { errorHandler: () => undefined, heartbeatInterval: 5000, heartbeatTimeout: 15000 });
    (server as { adapter(a: unknown): void }).adapter(publishOnlyToPeers(factory, this.adapters));
    return server;
  }

  /** Other replicas this one hears (heartbeats within the timeout), for the metrics. */
  peers(): number {
    let n = 0;
    for (const a of this.adapters) n = Math.max(n, a.nodesMap.size);
    return n;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    const pool = this.pool;
    this.pool = null;
    // After a database outage the adapter never releases its dead LISTEN client, and pool.end() would wait for it
    // forever: give it a second.
    await Promise.race([pool?.end().catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
  }
}
