import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { encodeRow, ScanRow } from '@ibsc/scanner';
import { handRows } from '@ibsc/scanner/testing';
import { EncodedPageCache, pageBody } from './scan-results-http';

describe('EncodedPageCache: a page encoded once per ETag and coding, compressed off the event loop', () => {
  const page = { rows: Array.from({ length: 100 }, (_, i) => ({ id: `SPY|20261218|bull-put|${600 - i}/${595 - i}`, score: 90 - i / 10 })) };

  it('concurrent requests for one page share one serialisation and one compression; the bytes decode to the page', async () => {
    const cache = new EncodedPageCache();
    let made = 0;
    const make = () => (made++, page);
    const [a, b] = await Promise.all([cache.get('"7-x"', 'br', make), cache.get('"7-x"', 'br', make)]);
    expect(made).toBe(1);
    expect(a).toBe(b);
    expect(JSON.parse(brotliDecompressSync(a).toString('utf8'))).toEqual(page);
    // later requests are served from memory
    expect(await cache.get('"7-x"', 'br', make)).toBe(a);
    expect(made).toBe(1);
    // each coding is its own entry
    const gz = await cache.get('"7-x"', 'gzip', make);
    expect(JSON.parse(gunzipSync(gz).toString('utf8'))).toEqual(page);
    const plain = await cache.get('"7-x"', 'identity', make);
    expect(JSON.parse(plain.toString('utf8'))).toEqual(page);
    expect(made).toBe(3);
  });

  it('the event loop stays free while a page compresses (the work is on the thread pool)', async () => {
    const cache = new EncodedPageCache();
    let ticked = false;
    setImmediate(() => (ticked = true));
    const body = cache.get('"8-x"', 'br', () => page);
    expect(ticked).toBe(false); // serialisation is synchronous, the compression is not
    await body;
    expect(ticked).toBe(true);
  });

  it('keeps at most maxBytes; a page that cannot be made is a rejection, not kept', async () => {
    const small = new EncodedPageCache(1);
    let made = 0;
    await small.get('"1"', 'identity', () => (made++, page));
    await small.get('"1"', 'identity', () => (made++, page));
    expect(made).toBe(2); // bigger than the budget: not kept
    const cache = new EncodedPageCache();
    await expect(cache.get('"9"', 'br', () => { throw new Error('bad cursor'); })).rejects.toThrow('bad cursor');
    expect(await cache.get('"9"', 'identity', () => page)).toBeInstanceOf(Buffer);
  });

  it('a page is the text JSON.stringify gives; a row object is serialised once, a new object for a changed row again', () => {
    const rows = page.rows.map((r) => ({ ...r, short: { strike: 1, bid: null }, flags: ['A', 'B'] }));
    const full = { seq: 4, total: 300, page: 0, pageSize: 100, sort: 'score:desc', rows, nextCursor: 'abc', cursorSeq: null };
    const text = (p: unknown) => pageBody(p).toString('utf8');
    expect(text(full)).toBe(JSON.stringify(full));
    expect(text({ ...full, rows: [] })).toBe(JSON.stringify({ ...full, rows: [] }));
    expect(text({ ...full, rows: [{ ...rows[0], note: 'é – ü' }] })).toBe(JSON.stringify({ ...full, rows: [{ ...rows[0], note: 'é – ü' }] }));
    expect(text({ other: 1 })).toBe(JSON.stringify({ other: 1 }));
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      const next = { ...full, seq: 5, rows: [{ ...rows[0], score: 99 }, ...rows.slice(1)] };
      expect(JSON.parse(text(next))).toEqual(next);
      // the page's head and the one changed row; the 99 others were serialised for the page before
      expect(stringify).toHaveBeenCalledTimes(2);
    } finally {
      stringify.mockRestore();
    }
  });

  it("a scan row's bytes are the scoring thread's: nothing is decoded, parsed or serialised for it (ADR 0027, 0028)", () => {
    const plain = handRows();
    const rows = plain.map((r) => new ScanRow(structuredClone(encodeRow(r))));
    const page = { seq: 4, total: plain.length, rows, nextCursor: null };
    const parse = jest.spyOn(JSON, 'parse');
    const stringify = jest.spyOn(JSON, 'stringify');
    const decode = jest.spyOn(TextDecoder.prototype, 'decode');
    try {
      const text = pageBody(page).toString('utf8');
      expect(parse).not.toHaveBeenCalled();
      expect(decode).not.toHaveBeenCalled();
      expect(stringify).toHaveBeenCalledTimes(1); // the page's head
      expect(text).toBe(JSON.stringify({ ...page, rows: plain }));
      expect(rows[0].json).toBe(JSON.stringify(plain[0])); // the spy sees a decode when there is one
      expect(decode).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
      stringify.mockRestore();
      decode.mockRestore();
    }
  });
});
