import { DestroyRef, effect, inject, Injectable, signal, untracked } from '@angular/core';
import type { ScanResyncReply, ScanResyncRequest, ScanVisibleReply, ServerToClientEvents, SystemStatus } from '@ibsc/shared-dto';
import { AuthService } from '../auth/auth.service';
import { STATUS_SOCKET_FACTORY, type StatusSocket } from './status-socket';

/**
 * The server link as the user sees it:
 * - `signed-out`: no token, so no socket;
 * - `connecting`: first connection attempt in progress;
 * - `connected`: socket up (status may still be on its way);
 * - `disconnected`: the socket dropped or was refused; it keeps retrying.
 */
export type ServerLink = 'signed-out' | 'connecting' | 'connected' | 'disconnected';

type ServerEvent = keyof ServerToClientEvents;
type AnyHandler = (...args: never[]) => void;
/** The untyped face of a socket, for attaching listeners registered by event name. */
interface ListenerTarget {
  on(event: string, handler: AnyHandler): unknown;
  off(event: string, handler: AnyHandler): unknown;
}

/** How long a `scan.resync` may take before the caller gives up and asks again later. */
export const RESYNC_TIMEOUT_MS = 5000;

/**
 * Live `system.status` from the API's Socket.IO gateway, as signals. The only place the console opens a socket:
 * feature services subscribe to their events through `on()` (listeners survive reconnects and re-logins).
 */
@Injectable({ providedIn: 'root' })
export class SystemStatusService {
  private readonly auth = inject(AuthService);
  private readonly openSocket = inject(STATUS_SOCKET_FACTORY);
  private socket: StatusSocket | null = null;

  private readonly linkState = signal<ServerLink>('signed-out');
  private readonly statusState = signal<SystemStatus | null>(null);
  private readonly linkErrorState = signal<string | null>(null);
  private readonly serverErrorState = signal<string | null>(null);

  /** Connection to our own server. */
  readonly link = this.linkState.asReadonly();
  /** Latest heartbeat; kept after a disconnect so the last known state stays visible. */
  readonly status = this.statusState.asReadonly();
  /** Why the socket is down, when known. */
  readonly linkError = this.linkErrorState.asReadonly();
  /** Last `system.error` pushed by the server. */
  readonly serverError = this.serverErrorState.asReadonly();
  private readonly connectsState = signal(0);
  /** Counts successful (re)connections; a change means events may have been missed meanwhile. */
  readonly connects = this.connectsState.asReadonly();

  private readonly listeners = new Map<ServerEvent, Set<AnyHandler>>();

  constructor() {
    effect(() => {
      const token = this.auth.token();
      untracked(() => this.connect(token));
    });
    inject(DestroyRef).onDestroy(() => this.close());
  }

  private connect(token: string | null): void {
    this.close();
    if (!token) {
      this.linkState.set('signed-out');
      this.statusState.set(null);
      return;
    }
    this.linkState.set('connecting');
    this.linkErrorState.set(null);
    const socket = this.openSocket(token);
    this.socket = socket;
    socket.on('connect', () => {
      this.linkState.set('connected');
      this.linkErrorState.set(null);
      this.connectsState.update((n) => n + 1);
    });
    socket.on('disconnect', (reason) => {
      this.linkState.set('disconnected');
      this.linkErrorState.set(reason === 'io server disconnect' ? 'The server closed the connection.' : null);
    });
    socket.on('connect_error', (error: Error) => {
      this.linkState.set('disconnected');
      this.linkErrorState.set(error.message || 'Cannot reach the server.');
    });
    socket.on('system.status', (status) => this.statusState.set(status));
    socket.on('system.error', (error) => this.serverErrorState.set(error.message));
    const target = socket as unknown as ListenerTarget;
    for (const [event, handlers] of this.listeners) for (const handler of handlers) target.on(event, handler);
  }

  /** Listens to a server event on this and every later socket; returns the function that stops listening. */
  on<E extends ServerEvent>(event: E, handler: ServerToClientEvents[E]): () => void {
    const h = handler as unknown as AnyHandler;
    const set = this.listeners.get(event) ?? new Set<AnyHandler>();
    set.add(h);
    this.listeners.set(event, set);
    (this.socket as unknown as ListenerTarget | null)?.on(event, h);
    return () => {
      set.delete(h);
      (this.socket as unknown as ListenerTarget | null)?.off(event, h);
    };
  }

  /** Asks the server for what a client missed after `lastSeq`; null when not connected or no answer in time. */
  resyncScan(request: ScanResyncRequest, timeoutMs = RESYNC_TIMEOUT_MS): Promise<ScanResyncReply | null> {
    const socket = this.socket;
    if (!socket || this.linkState() !== 'connected') return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      socket.emit('scan.resync', request, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
  }

  /**
   * Tells the server which rows this client shows (`scan.visible`, ADR 0017); the reply goes to `onReply`.
   * False when not connected (nothing sent: the caller sends again after the next connect).
   */
  sendVisibleRows(ids: string[], onReply: (reply: ScanVisibleReply) => void = () => undefined): boolean {
    const socket = this.socket;
    if (!socket || this.linkState() !== 'connected') return false;
    socket.emit('scan.visible', { ids }, onReply);
    return true;
  }

  private close(): void {
    if (!this.socket) return;
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.socket = null;
  }
}
