/**
 * Socket.IO's parser, with the scan's rows written as the text the scoring thread made (ADR 0027). The packets are
 * the same bytes as with the stock encoder (a client sees no difference); a delta's rows are copied into the packet
 * instead of parsed and serialised again on the API's thread. The decoder is the stock one.
 */
import { plainRows, ScanRow, withRowText } from '@ibsc/scanner';
import * as parser from 'socket.io-parser';

/**
 * Whether a packet carries binary data (socket.io-parser's test, which follows one toJSON), without turning the scan's
 * rows into objects to look: a row is text.
 */
export function hasBinary(value: unknown, afterToJSON = false): boolean {
  if (!value || typeof value !== 'object' || value instanceof ScanRow) return false;
  if (Array.isArray(value)) return value.some((v) => hasBinary(v));
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || (typeof Blob !== 'undefined' && value instanceof Blob)) return true;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (!afterToJSON && typeof toJSON === 'function') return hasBinary(toJSON.call(value), true);
  return Object.keys(value).some((k) => hasBinary((value as Record<string, unknown>)[k]));
}

type Packet = parser.Packet;
interface StockEncoder {
  encodeAsString(packet: Packet): string;
}

export class RowTextEncoder extends parser.Encoder {
  override encode(packet: Packet): Array<string | Buffer | ArrayBuffer | ArrayBufferView> {
    const event = packet.type === parser.PacketType.EVENT || packet.type === parser.PacketType.ACK;
    // Binary packets (none of the scan's) take the stock path, with the rows as plain objects.
    if (event && hasBinary(packet.data)) return super.encode({ ...packet, data: plainRows(packet.data) });
    return [withRowText(() => (this as unknown as StockEncoder).encodeAsString(packet))];
  }
}

/** The `parser` option of the Socket.IO server. */
export const rowTextParser = { ...parser, Encoder: RowTextEncoder };
