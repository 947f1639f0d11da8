import net from 'node:net';
import { encodeClientHello, encodeFrame } from '../protocol/frame-encoder';
import type { OutField } from '../protocol/fields';

/**
 * A bare TCP client that speaks (or deliberately mis-speaks) the protocol, for abuse tests and the benchmark.
 * Parses what the server sends into messages of text fields.
 */
export class RawClient {
  readonly messages: string[][] = [];
  closed = false;
  private buf: Buffer = Buffer.alloc(0);
  private waiters: { pred: (m: string[]) => boolean; resolve: (m: string[]) => void }[] = [];
  private closeWaiters: (() => void)[] = [];
  /** Count only, without keeping messages (benchmark). */
  count = 0;

  private constructor(
    readonly socket: net.Socket,
    private readonly keep: boolean,
  ) {
    socket.on('data', (c: Buffer) => this.onData(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.closeWaiters) w();
      this.closeWaiters = [];
    });
  }

  static connect(port: number, opts: { keep?: boolean } = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.off('error', reject);
        resolve(new RawClient(s, opts.keep ?? true));
      });
      s.once('error', reject);
    });
  }

  /** Hello + startApi; resolves on nextValidId. */
  static async handshake(port: number, clientId: number, opts: { keep?: boolean } = {}): Promise<RawClient> {
    const c = await RawClient.connect(port, opts);
    c.write(encodeClientHello());
    c.send(['71', '2', String(clientId), '']);
    await c.waitFor((m) => m[0] === '9');
    return c;
  }

  write(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  send(fields: OutField[]): void {
    this.socket.write(encodeFrame(fields));
  }

  waitFor(pred: (m: string[]) => boolean, timeoutMs = 3000): Promise<string[]> {
    const hit = this.messages.find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const w = {
        pred,
        resolve: (m: string[]) => {
          clearTimeout(t);
          resolve(m);
        },
      };
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new Error(`raw client: timed out; last: ${JSON.stringify(this.messages.slice(-3))}`));
      }, timeoutMs);
      t.unref();
      this.waiters.push(w);
    });
  }

  waitClosed(timeoutMs = 3000): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('raw client: socket not closed')), timeoutMs);
      t.unref();
      this.closeWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    while (this.buf.length >= 4) {
      const len = this.buf.readUInt32BE(0);
      if (this.buf.length < 4 + len) break;
      const body = this.buf.subarray(4, 4 + len);
      this.buf = this.buf.subarray(4 + len);
      this.count++;
      if (!this.keep && this.waiters.length === 0) continue;
      const fields = body.toString('utf8').split('\0');
      fields.pop();
      if (this.keep) this.messages.push(fields);
      for (const w of [...this.waiters]) {
        if (w.pred(fields)) {
          this.waiters = this.waiters.filter((x) => x !== w);
          w.resolve(fields);
        }
      }
    }
  }
}
