import { Inject, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import {
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { IbkrEventBus } from '@ibsc/ibkr';
import {
  ClientToServerEvents,
  ScanResyncReply,
  ScanResyncRequest,
  ScanVisibleReply,
  ServerToClientEvents,
  SOCKET_PATH,
  SYSTEM_STATUS_INTERVAL_MS,
  type SystemStatus,
} from '@ibsc/shared-dto';
import type { Server, Socket } from 'socket.io';
import { RuntimeMetrics } from '../metrics/runtime-metrics';
import { SessionRolesService } from '../session/session-roles.service';
import { SCAN_ROOM, ScanSocketRelay } from '../scan/scan-socket.relay';
import { BurstCoalescer } from './burst-coalescer';
import { STATUS_HEARTBEAT_MS, STATUS_PUSH_MIN_INTERVAL_MS } from './realtime.tokens';
import { SocketSessions } from './socket-sessions';
import { onStatusChange } from './status-triggers';
import { SystemStatusService } from './system-status.service';

type TypedServer = Server<ClientToServerEvents, ServerToClientEvents>;
type TypedSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/**
 * The one Socket.IO gateway. Connections authenticate with the same JWT as REST
 * (`auth: { token }`); a bad token is refused before any event flows, and a socket is closed when its token expires
 * or is revoked (SocketSessions). `system.status` goes out on connect, on every
 * heartbeat, and at once when the connection layer changes state, farms, pacing or backpressure (bursts coalesced
 * to one push per STATUS_PUSH_MIN_INTERVAL_MS, the last state always sent).
 */
@WebSocketGateway({ path: SOCKET_PATH, serveClient: false })
export class EventsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  @WebSocketServer() server!: TypedServer;
  private readonly logger = new Logger('socket');
  private timer: NodeJS.Timeout | null = null;
  private readonly push = new BurstCoalescer(() => void this.broadcastStatus(), STATUS_PUSH_MIN_INTERVAL_MS);
  private unwatch: () => void = () => undefined;
  /** Snapshots are taken in order but finish in any order (a database probe each): never send an older one last. */
  private snapshotsTaken = 0;
  private newestSent = 0;

  constructor(
    private readonly sessions: SocketSessions,
    private readonly status: SystemStatusService,
    private readonly scan: ScanSocketRelay,
    private readonly roles: SessionRolesService,
    private readonly metrics: RuntimeMetrics,
    @Optional() private readonly bus?: IbkrEventBus,
    @Optional() @Inject(STATUS_HEARTBEAT_MS) private readonly heartbeatMs: number = SYSTEM_STATUS_INTERVAL_MS,
  ) {}

  afterInit(server: TypedServer): void {
    this.scan.attach(server);
    this.metrics.countSocketClients(() => server.engine?.clientsCount ?? 0);
    // What a socket on a standby replica asks of the session owner (ADR 0010).
    this.roles.registerCall('system.status', () => this.status.snapshot());
    this.roles.registerCall('scan.connect', () => this.scan.connectState());
    this.roles.registerCall('scan.resync', (request) => this.scan.resync(request as ScanResyncRequest));
    this.roles.registerCall('scan.visible', (a) => {
      const { socket, request } = (a ?? {}) as { socket?: string; request?: unknown };
      if (request === undefined) return this.scan.forgetVisible(String(socket));
      return this.scan.visible(String(socket), request);
    });
    this.sessions.attach(server);
    this.timer = setInterval(() => void this.broadcastStatus(), this.heartbeatMs);
    this.timer.unref();
    if (this.bus) this.unwatch = onStatusChange(this.bus, () => this.push.request());
  }

  async handleConnection(client: TypedSocket): Promise<void> {
    this.logger.debug(`client ${client.id} connected`);
    if (this.roles.isOwner) {
      const status = await this.newestSnapshot();
      if (status) client.emit('system.status', status);
      this.scan.onConnection(client);
      return;
    }
    // A standby: the gateway's status and the scan live in the session owner.
    try {
      client.emit('system.status', await this.roles.call<SystemStatus>('system.status'));
      this.scan.onConnection(client, await this.roles.call('scan.connect'));
    } catch (e) {
      this.logger.warn(`socket ${client.id}: owner not reachable (${(e as Error).message}); sending this replica's status`);
      client.emit('system.status', await this.status.snapshot());
      void client.join(SCAN_ROOM);
    }
  }

  /** A client that saw a gap in scan.delta seq: the missed deltas, or a snapshot (ack). */
  @SubscribeMessage('scan.resync')
  async scanResync(@MessageBody() request: ScanResyncRequest): Promise<ScanResyncReply> {
    if (this.roles.isOwner) return this.scan.resync(request);
    return this.roles.call<ScanResyncReply>('scan.resync', request ?? null);
  }

  /** The rows this client shows or selected: their legs are kept on streaming lines (ADR 0017). Ack: ok, or the field at fault. */
  @SubscribeMessage('scan.visible')
  async scanVisible(@ConnectedSocket() client: TypedSocket, @MessageBody() request: unknown): Promise<ScanVisibleReply> {
    if (this.roles.isOwner) return this.scan.visible(client.id, request);
    return this.roles.call<ScanVisibleReply>('scan.visible', { socket: client.id, request: request ?? null });
  }

  handleDisconnect(client: TypedSocket): void {
    if (this.roles.isOwner) this.scan.forgetVisible(client.id);
    else void this.roles.call('scan.visible', { socket: client.id }).catch(() => undefined);
  }

  @SubscribeMessage('system.ping')
  ping(): { at: string } {
    return { at: new Date().toISOString() };
  }

  /**
   * The session owner's status to every socket of every replica (the PostgreSQL adapter fans it out); a standby
   * sends none (its own connection layer is idle).
   */
  async broadcastStatus(): Promise<void> {
    if (!this.roles.isOwner) return;
    const status = await this.newestSnapshot();
    if (status) this.server.emit('system.status', status);
  }

  /** A fresh snapshot, or null when one taken later has already been sent (it reached every client). */
  private async newestSnapshot(): Promise<SystemStatus | null> {
    const n = ++this.snapshotsTaken;
    const status = await this.status.snapshot();
    if (n < this.newestSent) return null;
    this.newestSent = n;
    return status;
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.unwatch();
    this.push.dispose();
  }
}
