import type { SpreadRow } from '@ibsc/shared-dto';
import { handRows } from '../testing/hand-rows';
import { SPREAD_ROW_FIELDS } from './scan-results';
import { encodeRow, plainRows, rowTransfers, ScanRow, withRowText } from './scan-row';
import { legsOf } from './visible-rows';

/** A row as it reaches the API's thread: encoded in the scoring thread, sent across with its bytes transferred, wrapped. */
const received = (row: SpreadRow) => {
  const encoded = encodeRow(row);
  return new ScanRow(structuredClone(encoded, { transfer: rowTransfers([encoded]) }));
};

describe('ScanRow: a result row held as its text (ADR 0027)', () => {
  const rows = handRows();

  it('reads as the plain row, field by field, and serialises to the same text', () => {
    expect(rows.length).toBeGreaterThan(3);
    for (const plain of rows) {
      const r = received(plain);
      for (const f of SPREAD_ROW_FIELDS) expect([f, r[f]]).toEqual([f, plain[f]]);
      expect(r.toJSON()).toEqual(plain);
      expect(JSON.stringify(r)).toBe(JSON.stringify(plain));
      expect(legsOf(r)).toEqual(legsOf(plain));
    }
  });

  it("a row's bytes are its JSON in UTF-8, alone in their buffer: transferred, they move (the sender's are gone) and are not copied (ADR 0028)", () => {
    const odd: SpreadRow = { ...rows[1], flags: ['é – ü', 'quote "x"'] as unknown as SpreadRow['flags'] };
    const encoded = encodeRow(odd);
    const utf8 = Buffer.from(JSON.stringify(odd), 'utf8');
    expect(encoded.bytes.byteOffset).toBe(0);
    expect(encoded.bytes.buffer.byteLength).toBe(utf8.length); // nothing else would be detached with it
    expect(Buffer.from(encoded.bytes).equals(utf8)).toBe(true);
    const moved = structuredClone(encoded, { transfer: rowTransfers([encoded]) });
    expect(encoded.bytes.byteLength).toBe(0); // detached: moved, not copied
    const r = new ScanRow(moved);
    expect(r.bytes).toBe(moved.bytes);
    expect(r.json).toBe(JSON.stringify(odd));
    expect(r.toJSON()).toEqual(odd);
  });

  it('the id, sort keys, quote time and legs are read without parsing the row; other fields parse it once', () => {
    const parse = jest.spyOn(JSON, 'parse');
    try {
      const r = received(rows[0]);
      parse.mockClear();
      void [r.id, r.symbol, r.type, r.expiry, r.score, r.pop, r.quoteAgeMs, r.ivRank, r.quoteTime, r.dte];
      r.legContracts();
      withRowText(() => JSON.stringify({ rows: [r] }));
      expect(parse).not.toHaveBeenCalled();
      expect(r.short.strike).toBe(rows[0].short.strike);
      expect(r.greeks).toEqual(rows[0].greeks);
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });

  it('withRowText writes each row as its text: the same bytes as the plain rows, at any depth, with awkward strings', () => {
    const odd: SpreadRow = { ...rows[1], flags: ['quote "x"', 'nul \u0000 here', 'é – ü', '\u0000row1:0'] as unknown as SpreadRow['flags'] };
    const plain = { seq: 7, at: 'now', added: [rows[0], odd], updated: [], nested: { deep: [[rows[2]]] }, note: '\u0000' };
    const wrapped = { ...plain, added: [received(rows[0]), received(odd)], nested: { deep: [[received(rows[2])]] } };
    expect(withRowText(() => JSON.stringify(wrapped))).toBe(JSON.stringify(plain));
    expect(withRowText(() => JSON.stringify(['e', wrapped], null, 0))).toBe(JSON.stringify(['e', plain]));
    // nested calls, an error thrown inside, and no rows at all leave the next call unaffected
    expect(withRowText(() => withRowText(() => JSON.stringify(wrapped)))).toBe(JSON.stringify(plain));
    expect(() =>
      withRowText(() => {
        JSON.stringify(wrapped);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(JSON.stringify(wrapped)).toBe(JSON.stringify(plain)); // outside: toJSON gives the plain row
    expect(withRowText(() => JSON.stringify({ a: 1 }))).toBe('{"a":1}');
  });

  it('plainRows replaces rows by plain objects at any depth and leaves everything else as it is', () => {
    const other = { kept: [1, 2], date: new Date(0) };
    const v = { a: [received(rows[0]), { b: received(rows[1]) }], other };
    const p = plainRows(v);
    expect(p).toEqual({ a: [rows[0], { b: rows[1] }], other });
    expect(Object.getPrototypeOf(p.a[0])).toBe(Object.prototype);
    expect(p.other).toBe(other);
    expect(plainRows(other)).toBe(other);
    expect(v.a[0]).toBeInstanceOf(ScanRow); // the input is not modified
  });
});
