import type { Socket } from 'node:net';
import type { Clock } from '../clock';
import { IbError } from '../protocol/error-codes';
import type { OutField } from '../protocol/fields';
import { FrameDecoder } from '../protocol/frame-decoder';
import { encodeFrame } from '../protocol/frame-encoder';
import { formatConnectionTime, negotiateVersion } from '../protocol/handshake';
import { ClientMsg, ServerMsg, SERVER_VERSION } from '../protocol/message-ids';
import { MessageRateLimiter } from '../limits/message-rate';
import type { SimSession } from './handler-registry';
import type { MessageDispatcher } from './message-dispatcher';
import type { SimLimits } from './sim-limits';

/** What a session needs from the server that owns it. */
export interface SessionHost {
  readonly clock: Clock;
  readonly limits: SimLimits;
  readonly dispatcher: MessageDispatcher;
  /** Registers the client id; false if another connected client holds it. */
  claimClientId(session: ClientSession, clientId: number): boolean;
  /** Sends the post-startApi burst: managedAccounts, nextValidId, farm status. */
  welcome(session: ClientSession): void;
  sessionClosed(session: ClientSession, reason: string): void;
  /** One framed message (well-formed or not) was read from a client after the hello. */
  messageRead(): void;
  protocolError(session: ClientSession, reason: string): void;
}

type SessionState = 'hello' | 'start-api' | 'ready' | 'closed';

/** One client connection: handshake, startApi, rate limit, dispatch, and batched framed output. */
export class ClientSession implements SimSession {
  private state: SessionState = 'hello';
  private id = -1;
  private readonly decoder: FrameDecoder;
  private readonly rate: MessageRateLimiter;
  private corked = false;
  /** `faults.silence`: nothing is sent, and what the client sends waits unread (a hung gateway). */
  private mute = false;
  private backlog: Buffer[] = [];
  private backlogBytes = 0;
  /** Market-data type set by reqMarketDataType (1 live, 2 frozen, 3 delayed, 4 delayed-frozen). */
  marketDataType = 1;

  constructor(
    readonly sessionId: number,
    private readonly socket: Socket,
    private readonly host: SessionHost,
  ) {
    this.decoder = new FrameDecoder(host.limits.maxFrameBytes);
    this.rate = new MessageRateLimiter(
      host.clock,
      host.limits.messagesPerSecond,
      host.limits.rateViolationSecondsBeforeDisconnect,
    );
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.close('socket error'));
    socket.on('close', () => this.close('peer closed'));
    socket.on('end', () => this.close('peer ended'));
  }

  get clientId(): number {
    return this.id;
  }

  get serverVersion(): number {
    return SERVER_VERSION;
  }

  get connected(): boolean {
    return this.state !== 'closed';
  }

  get ready(): boolean {
    return this.state === 'ready';
  }

  get remote(): string {
    return `${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? '?'}`;
  }

  /** True while `faults.silence` holds this session. */
  get silenced(): boolean {
    return this.mute;
  }

  /**
   * Silence (a hung gateway): the socket stays open, whatever the simulator would send is dropped, and what the
   * client sends is kept unread. Ending it processes the kept input in order, as a gateway that comes back reads
   * what waited in its socket buffer.
   */
  setSilenced(on: boolean): void {
    if (this.mute === on) return;
    this.mute = on;
    if (on || this.state === 'closed') return;
    const pending = this.backlog;
    this.backlog = [];
    this.backlogBytes = 0;
    for (const chunk of pending) this.onData(chunk);
  }

  send(fields: OutField[]): void {
    if (this.state === 'closed' || this.mute) return;
    this.write(encodeFrame(fields));
  }

  sendError(reqId: number, code: number, text: string): void {
    this.send([ServerMsg.ERR_MSG, 2, reqId, code, text, '']);
  }

  close(reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (this.corked) {
      this.corked = false;
      this.socket.uncork();
    }
    // Flush what is queued (e.g. error 326), then make sure the socket is gone.
    const s = this.socket;
    s.end(() => s.destroy());
    this.host.sessionClosed(this, reason);
  }

  /** Hard drop without flushing, as a crashing gateway would. */
  destroy(reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.socket.destroy();
    this.host.sessionClosed(this, reason);
  }

  private write(frame: Buffer): void {
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        if (!this.corked) return;
        this.corked = false;
        this.socket.uncork();
      });
    }
    this.socket.write(frame);
    if (this.socket.writableLength > this.host.limits.maxOutboundBytes) this.destroy('slow consumer');
  }

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    if (this.mute) {
      this.backlog.push(chunk);
      this.backlogBytes += chunk.length;
      if (this.backlogBytes > this.host.limits.maxOutboundBytes) this.destroy('unread input while silenced');
      return;
    }
    for (const item of this.decoder.push(chunk)) {
      if (!this.connected) return;

      switch (item.kind) {
        case 'hello':
          this.onHello(item.versionText);
          break;
        case 'message':
          this.host.messageRead();
          this.onMessage(item.fields);
          break;
        case 'malformed':
          this.host.messageRead();
          this.host.protocolError(this, item.reason);
          if (!this.admit()) break;
          this.sendError(-1, IbError.READ_ERROR.code, `${IbError.READ_ERROR.text} Unable to parse data. ${item.reason}`);
          break;
        case 'fatal':
          this.host.protocolError(this, item.reason);
          this.destroy(item.reason);
          return;
      }
    }
  }

  private onHello(versionText: string): void {
    const n = negotiateVersion(versionText);
    // The server version and connection time go out either way: a client that cannot speak 193 rejects it itself
    // (stoqey reports 506 "Unsupported Version"), and the simulator closes the socket, as TWS does.
    this.send([SERVER_VERSION, formatConnectionTime(this.host.clock.now())]);
    if (!n.ok) {
      this.host.protocolError(this, n.reason);
      this.close(n.reason);
      return;
    }
    this.state = 'start-api';
  }

  /** Counts one incoming message against the rate limit; false if it must be discarded. */
  private admit(): boolean {
    const verdict = this.rate.check();
    if (verdict === 'disconnect') {
      this.sendError(-1, IbError.MAX_RATE.code, IbError.MAX_RATE.text);
      this.close('message rate exceeded');
      return false;
    }
    if (verdict === 'over-first') this.sendError(-1, IbError.MAX_RATE.code, IbError.MAX_RATE.text);
    return verdict === 'ok';
  }

  private onMessage(fields: string[]): void {
    if (!this.admit()) return;
    const msgId = Number(fields[0]);
    if (this.state === 'start-api') {
      if (msgId !== ClientMsg.START_API) return; // TWS ignores requests before startApi
      this.onStartApi(fields);
      return;
    }
    if (msgId === ClientMsg.START_API) return;
    this.host.dispatcher.dispatch(this, fields);
  }

  private onStartApi(fields: string[]): void {
    const raw = fields[2] ?? '';
    const clientId = raw === '' ? 0 : Number.parseInt(raw, 10);
    if (!Number.isFinite(clientId)) {
      this.sendError(-1, IbError.READ_ERROR.code, `${IbError.READ_ERROR.text} Unable to parse data. bad client id`);
      this.close('bad client id');
      return;
    }
    this.id = clientId;
    if (!this.host.claimClientId(this, clientId)) {
      this.sendError(-1, IbError.CLIENT_ID_IN_USE.code, IbError.CLIENT_ID_IN_USE.text);
      this.close(`client id ${clientId} already in use`);
      return;
    }
    this.state = 'ready';
    this.host.welcome(this);
  }
}
