import { encodeRow, ScanRow } from '@ibsc/scanner';
import { handRows } from '@ibsc/scanner/testing';
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import { hasBinary, RowTextEncoder, rowTextParser } from './row-text-parser';

const rows = handRows();
const wrap = () => rows.map((r) => new ScanRow(structuredClone(encodeRow(r))));

function decode(parts: unknown[]): Packet {
  const d = new Decoder();
  let out: Packet | null = null;
  d.on('decoded', (p: Packet) => (out = p));
  for (const p of parts) d.add(p as string);
  if (!out) throw new Error('nothing decoded');
  return out;
}

describe('Socket.IO packets with the scan rows written as their text (ADR 0027)', () => {
  it('an event or an ack with rows is the same string as the stock encoder writes for the plain rows', () => {
    const mine = new RowTextEncoder();
    const stock = new Encoder();
    const delta = (r: unknown[]) => ({ seq: 9, at: '2026-12-05T10:00:00.000Z', added: r.slice(0, 2), updated: r.slice(2), removed: ['gone'] });
    const packets = (r: unknown[]): Packet[] => [
      { type: PacketType.EVENT, nsp: '/', data: ['scan.delta', delta(r)] },
      { type: PacketType.ACK, nsp: '/', id: 12, data: [{ kind: 'snapshot', snapshot: { seq: 9, rows: r } }] },
      { type: PacketType.EVENT, nsp: '/other', data: ['scan.status', { rows: r.length }] },
    ];
    const parse = jest.spyOn(JSON, 'parse');
    try {
      const wrapped = packets(wrap());
      parse.mockClear();
      const encoded = wrapped.map((p) => mine.encode(p));
      expect(parse).not.toHaveBeenCalled(); // the rows were copied as text, not parsed
      expect(encoded).toEqual(packets(rows).map((p) => stock.encode(p)));
    } finally {
      parse.mockRestore();
    }
  });

  it('a binary packet with rows takes the stock path with plain rows, and decodes to them', () => {
    const bytes = Buffer.from([1, 2, 3]);
    const packet: Packet = { type: PacketType.EVENT, nsp: '/', data: ['blob', { bytes, rows: wrap() }] };
    expect(hasBinary(packet.data)).toBe(true);
    expect(hasBinary(['x', { rows: wrap(), at: new Date(0) }])).toBe(false);
    const parts = new RowTextEncoder().encode(packet);
    expect(parts).toHaveLength(2);
    const back = decode(parts);
    expect(back.data[1].rows).toEqual(rows);
    expect(Buffer.from(back.data[1].bytes)).toEqual(bytes);
  });

  it('is the stock parser otherwise: the decoder reads what it writes', () => {
    expect(rowTextParser.Decoder).toBe(Decoder);
    const back = decode(new RowTextEncoder().encode({ type: PacketType.EVENT, nsp: '/', data: ['scan.snapshot', { seq: 1, rows: wrap() }] }));
    expect(back.data).toEqual(['scan.snapshot', { seq: 1, rows }]);
  });
});
