import { encodeField, type OutField } from './fields';

/** Frames one server message: 4-byte big-endian length, then the fields each followed by `\0`. */
export function encodeFrame(fields: readonly OutField[]): Buffer {
  let text = '';
  for (const f of fields) text += encodeField(f) + '\0';
  const body = Buffer.from(text, 'utf8');
  const out = Buffer.allocUnsafe(4 + body.length);
  out.writeUInt32BE(body.length, 0);
  body.copy(out, 4);
  return out;
}

/** Frames a client-side message (used by tests and the benchmark to speak raw protocol). */
export function encodeClientHello(versionText = 'v100..193'): Buffer {
  const v = Buffer.from(versionText, 'latin1');
  const out = Buffer.alloc(8 + v.length);
  out.write('API\0', 0, 'latin1');
  out.writeUInt32BE(v.length, 4);
  v.copy(out, 8);
  return out;
}
