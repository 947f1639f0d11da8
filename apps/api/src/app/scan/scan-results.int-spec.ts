/**
 * GET /scan/results for clients (ADR 0019), on the real API: the 100-row default, field
 * and symbol/type selection, paging by cursor, the sequence ETag (a 304 never computes the page), compression by
 * Accept-Encoding, and 400s naming the parameter and what it allows.
 */
import 'reflect-metadata';
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ManualClock } from '@ibsc/clock';
import { ContinuousScanService, SCAN_SORT_FIELDS } from '@ibsc/scanner';
import { SYNTHETIC_UNDERLYINGS, syntheticInMemoryMarket, syntheticMarket } from '@ibsc/scanner/testing';
import { waitUntil } from '@ibsc/ib-sim/testing';
import { createTestApp, type TestApp } from '../../testing/test-app';

const NOW = Date.UTC(2026, 10, 23, 15, 0);

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET with exactly these headers (supertest would decode the body and add its own Accept-Encoding). */
function rawGet(baseUrl: string, path: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .get(`${baseUrl}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('GET /scan/results for clients (the API over HTTP, a scan on an in-memory market)', () => {
  let t: TestApp;
  let viewer: string;
  const auth = () => ({ Authorization: `Bearer ${viewer}` });
  // A real ContinuousScanService on a synthetic in-memory market, on a ManualClock (its table moves only when the
  // test changes it); the API's own service instance answers from it. The HTTP path (validation, ETag, 304,
  // compression) is the product's.
  const clock = new ManualClock(NOW);
  const local = new ContinuousScanService(
    syntheticInMemoryMarket(syntheticMarket({ now: NOW, seed: 5, underlyings: SYNTHETIC_UNDERLYINGS.slice(0, 2), expiries: 4, strikesPerExpiry: 40 })),
    clock,
    { warmUp: false },
  );

  beforeAll(async () => {
    t = await createTestApp();
    viewer = await t.tokenFor('viewer');
    const scan = t.app.get(ContinuousScanService);
    jest.spyOn(scan, 'results').mockImplementation((q) => local.results(q));
    Object.defineProperty(scan, 'seq', { get: () => local.seq });
    await local.start({ symbols: SYNTHETIC_UNDERLYINGS.slice(0, 2).map((u) => u.symbol), spreadTypes: ['bull-put', 'bear-call'], widths: [5, 10], maxRows: 2000 });
    await waitUntil(() => local.status().rows > 300, 30_000, 'rows');
  }, 120_000);
  afterAll(async () => {
    await local.dispose();
    await t.close();
  });

  it('pages 100 rows by default; fields and symbol/type narrow the rows; the cursor walks the table as it moves', async () => {
    const first = await t.http().get('/api/v1/scan/results').set(auth()).expect(200);
    expect(first.body).toMatchObject({ page: 0, pageSize: 100, sort: 'score:desc', cursorSeq: null, total: local.status().rows });
    expect(first.body.rows).toHaveLength(100);
    expect(typeof first.body.nextCursor).toBe('string');

    const narrow = await t.http().get('/api/v1/scan/results?symbol=qqq&type=bear-call&fields=symbol,type,score&pageSize=20').set(auth()).expect(200);
    expect(narrow.body.rows).toHaveLength(20);
    for (const r of narrow.body.rows) {
      expect(Object.keys(r).sort()).toEqual(['id', 'score', 'symbol', 'type']);
      expect(r).toMatchObject({ symbol: 'QQQ', type: 'bear-call' });
    }

    // the table as it is: the cursor's page is page 1
    const second = await t.http().get(`/api/v1/scan/results?cursor=${first.body.nextCursor}&fields=score`).set(auth()).expect(200);
    const page1 = await t.http().get('/api/v1/scan/results?page=1&fields=score').set(auth()).expect(200);
    expect(second.body).toMatchObject({ page: null, pageSize: 100, sort: 'score:desc', cursorSeq: first.body.seq, seq: first.body.seq });
    expect(second.body.rows).toEqual(page1.body.rows);

    // the table moves (new filters re-score at once): the cursor page says so, and holds no row of the first page
    // whose score did not change
    await local.setFilters({ shortDelta: { min: 0.05, max: 0.35 } });
    const moved = await t.http().get(`/api/v1/scan/results?cursor=${first.body.nextCursor}`).set(auth()).expect(200);
    expect(moved.body.seq).toBeGreaterThan(first.body.seq);
    expect(moved.body.cursorSeq).toBe(first.body.seq);
    const before = new Map<string, number>(first.body.rows.map((r: { id: string; score: number }) => [r.id, r.score]));
    for (const r of moved.body.rows as Array<{ id: string; score: number }>) if (before.get(r.id) === r.score) throw new Error(`${r.id} repeated`);

    // a cursor keeps its sort: another one is a 400 naming sort
    const clash = await t.http().get(`/api/v1/scan/results?cursor=${first.body.nextCursor}&sort=pop:asc`).set(auth()).expect(400);
    expect(clash.body.details[0]).toMatchObject({ field: 'sort' });
  });

  it('an ETag from the scan sequence: If-None-Match answers 304 without computing the page; a new seq is a new ETag', async () => {
    const scan = t.app.get(ContinuousScanService);
    const results = scan.results as jest.Mock;
    const a = await t.http().get('/api/v1/scan/results?pageSize=50&fields=score').set(auth()).expect(200);
    const etag = a.headers['etag'] as string;
    expect(etag).toMatch(new RegExp(`^W/"[0-9a-f]{8}\\.${a.body.seq}\\.`));
    expect(a.headers['cache-control']).toBe('private, no-cache');
    const calls = results.mock.calls.length;
    const b = await t.http().get('/api/v1/scan/results?pageSize=50&fields=score').set(auth()).set('If-None-Match', etag).expect(304);
    expect(b.text ?? '').toBe('');
    expect(b.headers['etag']).toBe(etag);
    expect(results.mock.calls.length).toBe(calls);
    // another query at the same seq is another page, with its own ETag
    const other = await t.http().get('/api/v1/scan/results?pageSize=51&fields=score').set(auth()).set('If-None-Match', etag).expect(200);
    expect(other.headers['etag']).not.toBe(etag);
    // the table moves: the old ETag no longer matches
    await local.setFilters({ shortDelta: { min: 0.1, max: 0.3 } });
    const c = await t.http().get('/api/v1/scan/results?pageSize=50&fields=score').set(auth()).set('If-None-Match', etag).expect(200);
    expect(c.body.seq).toBeGreaterThan(a.body.seq);
    expect(c.headers['etag']).not.toBe(etag);
  });

  it('compresses JSON as Accept-Encoding asks: brotli, gzip, or not at all', async () => {
    const path = '/api/v1/scan/results?pageSize=100';
    const token = { Authorization: `Bearer ${viewer}` };
    const br = await rawGet(t.baseUrl, path, { ...token, 'Accept-Encoding': 'br, gzip' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toMatch(/Accept-Encoding/i);
    const gz = await rawGet(t.baseUrl, path, { ...token, 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await rawGet(t.baseUrl, path, { ...token, 'Accept-Encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const decoded = [JSON.parse(brotliDecompressSync(br.body).toString()), JSON.parse(gunzipSync(gz.body).toString()), JSON.parse(plain.body.toString())];
    for (const d of decoded) expect(d.rows.length).toBe(Math.min(100, d.total));
    expect(decoded[0]).toEqual(decoded[2]);
    expect(decoded[1]).toEqual(decoded[2]);
    expect(br.body.length).toBeLessThan(plain.body.length / 4);
  });

  it('bad input is a 400 naming the parameter and what it allows', async () => {
    const cases: Array<[string, string, string]> = [
      ['sort=colour:desc', 'sort', `a field of: ${SCAN_SORT_FIELDS.join(', ')}`],
      ['pageSize=-1', 'pageSize', 'pageSize must be an integer from 1 to 5000'],
      ['pageSize=1000000', 'pageSize', 'pageSize must be an integer from 1 to 5000'],
      ['page=-3', 'page', 'page must be an integer from 0 to 100000'],
      ['fields=score,colour', 'fields', 'fields must be a comma-separated list of: id, symbol, type'],
      ['type=sideways', 'type', 'type must be a comma-separated list of: bull-call, bear-put, bull-put, bear-call'],
      ['symbol=SP%20Y', 'symbol', 'symbol must be a comma-separated list'],
      ['cursor=not-a-cursor', 'cursor', 'cursor must be the nextCursor of an earlier page'],
      ['colour=red', 'colour', 'colour is not an allowed field'],
    ];
    for (const [qs, field, text] of cases) {
      const res = await t.http().get(`/api/v1/scan/results?${qs}`).set(auth()).expect(400);
      expect({ qs, fields: res.body.details.map((d: { field: string }) => d.field) }).toEqual({ qs, fields: [field] });
      expect(JSON.stringify(res.body)).toContain(text);
    }
  });
});
