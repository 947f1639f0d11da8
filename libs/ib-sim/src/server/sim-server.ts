import { EventEmitter } from 'node:events';
import net from 'node:net';
import type { Clock } from '../clock';
import { ConnectivityState, HMDS_FARM, MARKET_FARMS, SECDEF_FARM } from '../faults/connectivity-state';
import { IbError } from '../protocol/error-codes';
import { ServerMsg } from '../protocol/message-ids';
import type { SimSession } from './handler-registry';
import { ClientSession, type SessionHost } from './client-session';
import type { MessageDispatcher } from './message-dispatcher';
import type { OrderIdSequence, SessionDirectory } from './sim-context';
import type { SimEventMap } from './sim-events';
import type { SimLimits } from './sim-limits';
import { SessionLedger } from './session-ledger';

export type AcceptMode = 'up' | 'refuse' | 'silent';

export interface SimServerOptions {
  host: string;
  port: number;
  clock: Clock;
  limits: SimLimits;
  accountIds: string[];
  orderIds: OrderIdSequence;
  connectivity: ConnectivityState;
  events: EventEmitter<SimEventMap>;
}

/**
 * The TCP side of the simulated gateway: listens, accepts (or refuses, or holds silently during a restart),
 * owns the client sessions and the client-id table.
 */
export class SimServer implements SessionHost, SessionDirectory {
  readonly dispatcher: MessageDispatcher;
  private server: net.Server | undefined;
  private boundPort = 0;
  private nextSessionId = 1;
  private messagesIn = 0;
  private acceptMode: AcceptMode = 'up';
  private stopped = false;
  private readonly sessions = new Set<ClientSession>();
  private readonly byClient = new Map<number, ClientSession>();
  private readonly heldSockets = new Set<net.Socket>();
  private readonly readyListeners = new Set<(s: SimSession) => void>();
  private readonly closedListeners = new Set<(s: SimSession) => void>();
  /** Sessions per client id (counts, maximum concurrency, record), for tests and the control endpoint. */
  readonly ledger: SessionLedger;

  constructor(
    private readonly opts: SimServerOptions,
    dispatcher: MessageDispatcher,
  ) {
    this.dispatcher = dispatcher;
    this.ledger = new SessionLedger(() => opts.clock.now());
  }

  get clock(): Clock {
    return this.opts.clock;
  }

  get limits(): SimLimits {
    return this.opts.limits;
  }

  get port(): number {
    return this.boundPort;
  }

  get mode(): AcceptMode {
    return this.acceptMode;
  }

  /** Open TCP connections, whether or not they finished the handshake (held sockets included). */
  connectionCount(): number {
    return this.sessions.size + this.heldSockets.size;
  }

  clientIds(): number[] {
    return [...this.byClient.keys()].sort((a, b) => a - b);
  }

  async listen(): Promise<number> {
    const { server, port } = await this.bind(this.boundPort || this.opts.port);
    this.boundPort = port;
    if (this.stopped) {
      server.close();
      return this.boundPort;
    }
    this.server = server;
    this.opts.events.emit('listening', { host: this.opts.host, port: this.boundPort });
    return this.boundPort;
  }

  private async bind(port: number): Promise<{ server: net.Server; port: number }> {
    const server = net.createServer((socket) => this.onSocket(socket));
    server.on('error', (e) => this.opts.events.emit('protocolError', { sessionId: 0, clientId: -1, reason: e.message }));
    server.maxConnections = 1000;
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error): void => reject(e);
      server.once('error', onError);
      server.listen({ host: this.opts.host, port }, () => {
        server.off('error', onError);
        resolve();
      });
    });
    const addr = server.address();
    return { server, port: typeof addr === 'object' && addr ? addr.port : port };
  }

  /**
   * The API socket port changes (error 1300): listens on `newPort` (0 = any free port), tells every client the new
   * port through `notify`, closes their connections (after flushing), then stops listening on the old port.
   * Returns the new port.
   */
  async resetPort(newPort: number, notify: (s: ClientSession, port: number) => void): Promise<number> {
    if (this.acceptMode !== 'up' || !this.server) throw new RangeError('the gateway must be up to reset its socket port');
    if (newPort !== 0 && newPort === this.boundPort) throw new RangeError('port must differ from the current port');
    const { server, port } = await this.bind(newPort);
    if (this.stopped) {
      server.close();
      return this.boundPort;
    }
    const old = this.server;
    this.server = server;
    this.boundPort = port;
    for (const s of [...this.sessions]) {
      if (s.ready) notify(s, port);
      s.close('socket port reset');
    }
    await new Promise<void>((resolve) => old.close(() => resolve()));
    this.opts.events.emit('listening', { host: this.opts.host, port });
    return port;
  }

  /** `faults.silence`: true if that client is connected. */
  silence(clientId: number, on: boolean): boolean {
    const s = this.byClient.get(clientId);
    if (!s) return false;
    s.setSilenced(on);
    return true;
  }

  silencedClientIds(): number[] {
    return [...this.byClient.entries()].filter(([, s]) => s.silenced).map(([id]) => id).sort((a, b) => a - b);
  }

  /** The session that holds a client id now (for timers that must not touch a later session of the same id). */
  sessionOf(clientId: number): ClientSession | undefined {
    return this.byClient.get(clientId);
  }

  /** Stops listening (new connections are refused by the OS). Open sockets are not touched. */
  async unlisten(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Restart support: drop every client, then refuse or silently hold new connections. */
  async goDown(mode: 'refuse' | 'silent'): Promise<void> {
    this.acceptMode = mode;
    this.dropAll('gateway restart');
    if (mode === 'refuse') await this.unlisten();
  }

  async comeUp(): Promise<void> {
    if (this.stopped) return;
    for (const s of this.heldSockets) s.destroy();
    this.heldSockets.clear();
    if (!this.server) await this.listen();
    this.acceptMode = 'up';
  }

  dropAll(reason: string): void {
    for (const s of [...this.sessions]) s.destroy(reason);
  }

  /** Drops one client's socket; true if that client was connected. */
  dropClient(clientId: number, reason = 'dropped by fault'): boolean {
    const s = this.byClient.get(clientId);
    if (!s) return false;
    s.destroy(reason);
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.dropAll('simulator stopped');
    for (const s of this.heldSockets) s.destroy();
    this.heldSockets.clear();
    await this.unlisten();
  }

  // ---- SessionDirectory

  all(): SimSession[] {
    return [...this.byClient.values()];
  }

  byClientId(clientId: number): SimSession | undefined {
    return this.byClient.get(clientId);
  }

  onReady(listener: (s: SimSession) => void): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  onClosed(listener: (s: SimSession) => void): () => void {
    this.closedListeners.add(listener);
    return () => this.closedListeners.delete(listener);
  }

  /** Sends to every ready session. */
  broadcast(fn: (s: ClientSession) => void): void {
    for (const s of this.byClient.values()) fn(s);
  }

  // ---- SessionHost

  claimClientId(session: ClientSession, clientId: number): boolean {
    const holder = this.byClient.get(clientId);
    if (holder && holder !== session && holder.connected) {
      this.ledger.refused(clientId);
      const reason = `client id ${clientId} already in use (session ${holder.sessionId})`;
      this.opts.events.emit('refused', { sessionId: session.sessionId, clientId, code: IbError.CLIENT_ID_IN_USE.code, reason });
      return false;
    }
    this.byClient.set(clientId, session);
    return true;
  }

  welcome(session: ClientSession): void {
    const c = this.opts.connectivity;
    session.send([ServerMsg.MANAGED_ACCTS, 1, this.opts.accountIds.join(',')]);
    session.send([ServerMsg.NEXT_VALID_ID, 1, this.opts.orderIds.next()]);
    if (c.upstreamLost) {
      session.sendError(-1, IbError.CONNECTIVITY_LOST.code, IbError.CONNECTIVITY_LOST.text);
    } else if (c.serverLinkBroken) {
      session.sendError(-1, IbError.SERVER_LINK_BROKEN.code, IbError.SERVER_LINK_BROKEN.text);
    } else {
      const md = c.marketFarmOk ? IbError.MD_FARM_OK : IbError.MD_FARM_BROKEN;
      for (const farm of MARKET_FARMS) session.sendError(-1, md.code, md.text + farm);
      const hmds = c.hmdsFarmOk ? IbError.HMDS_FARM_OK : IbError.HMDS_FARM_BROKEN;
      session.sendError(-1, hmds.code, hmds.text + HMDS_FARM);
      session.sendError(-1, IbError.SECDEF_FARM_OK.code, IbError.SECDEF_FARM_OK.text + SECDEF_FARM);
    }
    this.ledger.sessionOpened(session.sessionId, session.clientId, session.remote);
    this.opts.events.emit('ready', { sessionId: session.sessionId, clientId: session.clientId });
    for (const l of this.readyListeners) l(session);
  }

  sessionClosed(session: ClientSession, reason: string): void {
    if (!this.sessions.delete(session)) return;
    const wasReady = this.byClient.get(session.clientId) === session;
    if (wasReady) this.byClient.delete(session.clientId);
    this.ledger.sessionClosed(session.sessionId, reason);
    this.opts.events.emit('disconnect', { sessionId: session.sessionId, clientId: session.clientId, reason });
    if (wasReady) for (const l of this.closedListeners) l(session);
  }

  messageRead(): void {
    this.messagesIn++;
  }

  /** Framed client messages read since start (after the hello; discarded and malformed ones included). */
  messagesReceived(): number {
    return this.messagesIn;
  }

  protocolError(session: ClientSession, reason: string): void {
    this.opts.events.emit('protocolError', { sessionId: session.sessionId, clientId: session.clientId, reason });
  }

  private onSocket(socket: net.Socket): void {
    if (this.acceptMode === 'refuse') {
      socket.destroy();
      return;
    }
    if (this.acceptMode === 'silent') {
      // A restarting gateway accepts the TCP connection and never answers the handshake.
      this.heldSockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => this.heldSockets.delete(socket));
      socket.resume();
      return;
    }
    const session = new ClientSession(this.nextSessionId++, socket, this);
    this.sessions.add(session);
    this.opts.events.emit('connection', { sessionId: session.sessionId, remote: session.remote });
  }
}
