import { Logger, OnModuleDestroy } from '@nestjs/common';
import {
  OnGatewayConnection,
  OnGatewayInit,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import {
  ClientToServerEvents,
  ScanResyncReply,
  ScanResyncRequest,
  ServerToClientEvents,
  SOCKET_PATH,
  SYSTEM_STATUS_INTERVAL_MS,
} from '@ibsc/shared-dto';
import type { Server, Socket } from 'socket.io';
import { AuthGuard } from '../auth/auth.guard';
import { ScanSocketRelay } from '../scan/scan-socket.relay';
import { SystemStatusService } from './system-status.service';

type TypedServer = Server<ClientToServerEvents, ServerToClientEvents>;
type TypedSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/**
 * The one Socket.IO gateway. Connections authenticate with the same JWT as REST
 * (`auth: { token }`); a bad token is refused before any event flows.
 */
@WebSocketGateway({ path: SOCKET_PATH, serveClient: false })
export class EventsGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  @WebSocketServer() server!: TypedServer;
  private readonly logger = new Logger('socket');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly auth: AuthGuard,
    private readonly status: SystemStatusService,
    private readonly scan: ScanSocketRelay,
  ) {}

  afterInit(server: TypedServer): void {
    this.scan.attach(server);
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || token.length === 0) return next(new Error('unauthorized: missing token'));
      this.auth
        .verifyToken(token)
        .then((user) => {
          socket.data = { user };
          next();
        })
        .catch(() => next(new Error('unauthorized: invalid or expired token')));
    });
    this.timer = setInterval(() => void this.broadcastStatus(), SYSTEM_STATUS_INTERVAL_MS);
    this.timer.unref();
  }

  async handleConnection(client: TypedSocket): Promise<void> {
    this.logger.debug(`client ${client.id} connected`);
    client.emit('system.status', await this.status.snapshot());
    this.scan.onConnection(client);
  }

  /** A client that saw a gap in scan.delta seq: the missed deltas, or a snapshot (ack). */
  @SubscribeMessage('scan.resync')
  scanResync(@MessageBody() request: ScanResyncRequest): ScanResyncReply {
    return this.scan.resync(request);
  }

  @SubscribeMessage('system.ping')
  ping(): { at: string } {
    return { at: new Date().toISOString() };
  }

  async broadcastStatus(): Promise<void> {
    if (this.server.engine.clientsCount === 0) return;
    this.server.emit('system.status', await this.status.snapshot());
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
