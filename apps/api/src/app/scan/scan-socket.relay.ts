import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ContinuousScanService, type ScanEvent } from '@ibsc/scanner';
import type { ClientToServerEvents, ScanResyncReply, ScanResyncRequest, ScanSnapshotEvent, ScanStatus, ScanVisibleReply, ServerToClientEvents } from '@ibsc/shared-dto';
import { validateVisible, VisibleRowsBySocket } from './scan-visible';
import type { Subscription } from 'rxjs';
import type { Server, Socket } from 'socket.io';

/** Every authenticated socket joins it: there is one scan for the console (docs/scanner.md, "Streaming"). */
export const SCAN_ROOM = 'scan';

type TypedServer = Server<ClientToServerEvents, ServerToClientEvents>;
type TypedSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/**
 * Relays the scan service's events to Socket.IO (the service never touches sockets): deltas, status and errors to
 * the `scan` room; on connect a socket joins it and gets the status and a full snapshot; `scan.resync` answers
 * with the missed deltas or a snapshot.
 */
@Injectable()
export class ScanSocketRelay implements OnModuleDestroy {
  private server: TypedServer | null = null;
  private readonly subscription: Subscription;
  private readonly visibleRows = new VisibleRowsBySocket();

  constructor(private readonly scan: ContinuousScanService) {
    this.subscription = scan.events$.subscribe((e) => this.relay(e));
  }

  attach(server: TypedServer): void {
    this.server = server;
  }

  /** What a socket gets on connect: the status and a full snapshot (asked of the session owner on a standby). */
  connectState(): { status: ScanStatus; snapshot: ScanSnapshotEvent } {
    return { status: this.scan.status(), snapshot: this.scan.snapshot() };
  }

  onConnection(socket: TypedSocket, state: { status: ScanStatus; snapshot: ScanSnapshotEvent } = this.connectState()): void {
    void socket.join(SCAN_ROOM);
    socket.emit('scan.status', state.status);
    socket.emit('scan.snapshot', state.snapshot);
  }

  resync(request: ScanResyncRequest | null | undefined): ScanResyncReply {
    const last = request?.lastSeq;
    return this.scan.resync(typeof last === 'number' && Number.isInteger(last) && last >= 0 ? last : null);
  }

  /** `scan.visible` from a socket (on the session owner; a standby forwards it with the socket's id). */
  visible(socket: string, request: unknown): ScanVisibleReply {
    const v = validateVisible(request);
    if ('ok' in v) return v;
    this.scan.setVisible(this.visibleRows.set(socket, v.ids));
    return { ok: true, accepted: v.ids.length };
  }

  /** A socket went away: its rows no longer count. */
  forgetVisible(socket: string): void {
    const merged = this.visibleRows.forget(socket);
    if (merged) this.scan.setVisible(merged);
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
  }

  /**
   * Someone can receive the scan's events: a socket of this process in the room, or another replica (whose sockets
   * get them through the cluster adapter). Otherwise nothing is emitted: Socket.IO encodes a packet before it looks
   * for recipients, and a broad scan's deltas cost the API's event loop milliseconds each for nobody.
   */
  private heard(): boolean {
    const adapter = this.server?.sockets?.adapter as { rooms?: Map<string, Set<string>>; nodesMap?: Map<string, number> } | undefined;
    if (!adapter) return this.server !== null;
    return (adapter.rooms?.get(SCAN_ROOM)?.size ?? 0) > 0 || (adapter.nodesMap?.size ?? 0) > 0;
  }

  private relay(e: ScanEvent): void {
    if (!this.heard()) return;
    const room = this.server?.to(SCAN_ROOM);
    if (!room) return;
    switch (e.type) {
      case 'delta':
        room.emit('scan.delta', e.delta);
        break;
      case 'snapshot':
        room.emit('scan.snapshot', e.snapshot);
        break;
      case 'status':
        room.emit('scan.status', e.status);
        break;
      case 'error':
        room.emit('scan.error', e.error);
        break;
    }
  }
}
