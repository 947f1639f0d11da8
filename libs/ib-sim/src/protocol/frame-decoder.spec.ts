import { FrameDecoder } from './frame-decoder';
import { encodeClientHello, encodeFrame } from './frame-encoder';

const hello = encodeClientHello('v100..193');

describe('FrameDecoder', () => {
  it('decodes the hello and then framed messages, even split byte by byte', () => {
    const d = new FrameDecoder(1 << 20);
    const bytes = Buffer.concat([hello, encodeFrame([71, 2, 7, '']), encodeFrame([49, 1])]);
    const items = [...bytes].flatMap((b) => d.push(Buffer.from([b])));
    expect(items).toEqual([
      { kind: 'hello', versionText: 'v100..193' },
      { kind: 'message', fields: ['71', '2', '7', ''] },
      { kind: 'message', fields: ['49', '1'] },
    ]);
    expect(d.pendingBytes).toBe(0);
  });

  it('decodes several frames arriving in one chunk', () => {
    const d = new FrameDecoder(1 << 20);
    d.push(hello);
    const items = d.push(Buffer.concat([encodeFrame([8, 1, 0]), encodeFrame([17, 1]), encodeFrame([49, 1])]));
    expect(items.map((i) => (i.kind === 'message' ? i.fields[0] : i.kind))).toEqual(['8', '17', '49']);
  });

  it('refuses garbage before the handshake as fatal', () => {
    const d = new FrameDecoder(1 << 20);
    expect(d.push(Buffer.from('GET / HTTP/1.1\r\n'))).toEqual([{ kind: 'fatal', reason: 'garbage before the API handshake' }]);
    expect(d.push(hello)).toEqual([]);
  });

  it('refuses an absurd handshake length', () => {
    const d = new FrameDecoder(1 << 20);
    const b = Buffer.from('API\0\xff\xff\xff\xff', 'latin1');
    expect(d.push(b)[0].kind).toBe('fatal');
  });

  it('refuses a frame longer than the limit as fatal', () => {
    const d = new FrameDecoder(1024);
    d.push(hello);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(0x7fffffff);
    expect(d.push(len)).toEqual([{ kind: 'fatal', reason: 'frame length 2147483647 exceeds 1024 bytes' }]);
  });

  it('reports empty frames and non-numeric message ids as malformed, and keeps going', () => {
    const d = new FrameDecoder(1024);
    d.push(hello);
    const empty = Buffer.alloc(4);
    const items = d.push(Buffer.concat([empty, encodeFrame(['abc', 1]), encodeFrame([49, 1])]));
    expect(items.map((i) => i.kind)).toEqual(['malformed', 'malformed', 'message']);
  });
});
