/**
 * Incremental decoder of what a client sends: first the `API\0` hello with its length-prefixed version range,
 * then 4-byte big-endian length-prefixed frames of `\0`-terminated text fields.
 * It never throws: bad input becomes a `malformed` item (the frame is skipped) or a `fatal` one (close the socket).
 */
export type InboundItem =
  | { kind: 'hello'; versionText: string }
  | { kind: 'message'; fields: string[] }
  | { kind: 'malformed'; reason: string }
  | { kind: 'fatal'; reason: string };

const HELLO_PREFIX = Buffer.from('API\0', 'latin1');
/** A version range is "v100..193" plus optional connect options; anything longer than this is not a hello. */
const MAX_HELLO_BYTES = 256;

export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private helloDone = false;
  private dead = false;

  constructor(private readonly maxFrameBytes: number) {}

  /** Bytes received and not yet decoded (a partial frame). */
  get pendingBytes(): number {
    return this.buf.length;
  }

  push(chunk: Buffer): InboundItem[] {
    if (this.dead) return [];
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: InboundItem[] = [];
    if (!this.helloDone) {
      const hello = this.readHello();
      if (!hello) return out;
      out.push(hello);
      if (hello.kind === 'fatal') return this.die(out);
    }
    for (;;) {
      if (this.buf.length < 4) break;
      const len = this.buf.readUInt32BE(0);
      if (len > this.maxFrameBytes) {
        out.push({ kind: 'fatal', reason: `frame length ${len} exceeds ${this.maxFrameBytes} bytes` });
        return this.die(out);
      }
      if (this.buf.length < 4 + len) break;
      const payload = this.buf.subarray(4, 4 + len);
      this.buf = this.buf.subarray(4 + len);
      out.push(decodePayload(payload));
    }
    if (this.buf.length === 0) this.buf = Buffer.alloc(0);
    return out;
  }

  private readHello(): InboundItem | undefined {
    const n = Math.min(this.buf.length, HELLO_PREFIX.length);
    if (!this.buf.subarray(0, n).equals(HELLO_PREFIX.subarray(0, n))) {
      return { kind: 'fatal', reason: 'garbage before the API handshake' };
    }
    if (this.buf.length < HELLO_PREFIX.length + 4) return undefined;
    const len = this.buf.readUInt32BE(HELLO_PREFIX.length);
    if (len === 0 || len > MAX_HELLO_BYTES) return { kind: 'fatal', reason: `handshake length ${len} is absurd` };
    const end = HELLO_PREFIX.length + 4 + len;
    if (this.buf.length < end) return undefined;
    const versionText = this.buf.subarray(HELLO_PREFIX.length + 4, end).toString('latin1');
    this.buf = this.buf.subarray(end);
    this.helloDone = true;
    return { kind: 'hello', versionText };
  }

  private die(out: InboundItem[]): InboundItem[] {
    this.dead = true;
    this.buf = Buffer.alloc(0);
    return out;
  }
}

function decodePayload(payload: Buffer): InboundItem {
  if (payload.length === 0) return { kind: 'malformed', reason: 'empty frame' };
  const fields = payload.toString('utf8').split('\0');
  // Every well-formed message ends with a NUL, so the last token is empty; a missing terminator is tolerated.
  if (fields[fields.length - 1] === '') fields.pop();
  if (fields.length === 0 || !/^\d{1,9}$/.test(fields[0])) {
    return { kind: 'malformed', reason: `bad message id ${JSON.stringify(fields[0]?.slice(0, 20) ?? '')}` };
  }
  return { kind: 'message', fields };
}
