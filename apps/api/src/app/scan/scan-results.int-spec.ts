/**
 * GET /scan/results for clients (ADR 0019), on the real API and its in-process simulator: the 100-row default, field
 * and symbol/type selection, paging by cursor, the sequence ETag (a 304 never computes the page), compression by
 * Accept-Encoding, and 400s naming the parameter and what it allows.
 */
import 'reflect-metadata';
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ContinuousScanService } from '@ibsc/scanner';
import { SCAN_SORT_FIELDS } from '@ibsc/scanner';
import { waitUntil } from '@ibsc/ib-sim/testing';
import { createTestApp, type TestApp } from '../../testing/test-app';

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

describe('GET /scan/results for clients (API + simulator over TCP)', () => {
  let t: TestApp;
  let viewer: string;
  const auth = () => ({ Authorization: `Bearer ${viewer}` });

  beforeAll(async () => {
    t = await createTestApp({ gateway: 'simulator' });
    viewer = await t.tokenFor('viewer');
    const trader = await t.tokenFor('trader');
    // 503 until the API's connection to its simulator is ready
    await waitUntil(async () => {
      const res = await t.http().post('/api/v1/scan/start').set({ Authorization: `Bearer ${trader}` })
        .send({ symbols: ['SPY', 'QQQ'], spreadTypes: ['bull-put', 'bear-call'], widths: [5], filters: { dte: { min: 20, max: 50 } }, maxRows: 1000 });
      if (res.status !== 200 && res.status !== 503) throw new Error(`scan start: ${res.status} ${res.text}`);
      return res.status === 200;
    }, 60_000, 'scan started', 250);
    await waitUntil(async () => {
      const page = await t.http().get('/api/v1/scan/results?pageSize=1').set(auth());
      const types = await t.http().get('/api/v1/scan/results?pageSize=1&type=bear-call&symbol=QQQ').set(auth());
      return page.body.total > 250 && types.body.total > 0;
    }, 180_000, 'rows of both symbols and types');
  }, 240_000);
  afterAll(() => t.close());

  it('pages 100 rows by default; fields and symbol/type narrow the rows; the cursor walks the table', async () => {
    const first = await t.http().get('/api/v1/scan/results').set(auth()).expect(200);
    expect(first.body).toMatchObject({ page: 0, pageSize: 100, sort: 'score:desc', cursorSeq: null });
    expect(first.body.rows).toHaveLength(100);
    expect(typeof first.body.nextCursor).toBe('string');

    const narrow = await t.http().get('/api/v1/scan/results?symbol=qqq&type=bear-call&fields=symbol,type,score&pageSize=20').set(auth()).expect(200);
    expect(narrow.body.rows.length).toBeGreaterThan(0);
    for (const r of narrow.body.rows) {
      expect(Object.keys(r).sort()).toEqual(['id', 'score', 'symbol', 'type']);
      expect(r).toMatchObject({ symbol: 'QQQ', type: 'bear-call' });
    }

    const second = await t.http().get(`/api/v1/scan/results?cursor=${first.body.nextCursor}&fields=score`).set(auth()).expect(200);
    expect(second.body).toMatchObject({ page: null, pageSize: 100, sort: 'score:desc', cursorSeq: first.body.seq });
    expect(second.body.seq).toBeGreaterThanOrEqual(first.body.seq);
    const firstIds = new Set(first.body.rows.map((r: { id: string }) => r.id));
    // rows after the cursor: none of the first page's (their scores may have moved, but only across the cursor if
    // the table changed: then cursorSeq < seq says so)
    if (second.body.seq === first.body.seq) {
      for (const r of second.body.rows) expect(firstIds.has(r.id)).toBe(false);
      expect(second.body.rows[0].score).toBeLessThanOrEqual(first.body.rows.at(-1).score);
    }
    // a cursor keeps its sort: another one is a 400 naming sort
    const clash = await t.http().get(`/api/v1/scan/results?cursor=${first.body.nextCursor}&sort=pop:asc`).set(auth()).expect(400);
    expect(clash.body.details[0]).toMatchObject({ field: 'sort' });
  });

  it('an ETag from the scan sequence: If-None-Match answers 304 without computing the page', async () => {
    const scan = t.app.get(ContinuousScanService);
    const results = jest.spyOn(scan, 'results');
    try {
      let got304 = false;
      for (let i = 0; i < 40 && !got304; i++) {
        const a = await t.http().get('/api/v1/scan/results?pageSize=50&fields=score').set(auth()).expect(200);
        const etag = a.headers['etag'] as string;
        expect(etag).toMatch(new RegExp(`^W/"[0-9a-f]{8}\\.${a.body.seq}\\.`));
        expect(a.headers['cache-control']).toBe('private, no-cache');
        const calls = results.mock.calls.length;
        const b = await t.http().get('/api/v1/scan/results?pageSize=50&fields=score').set(auth()).set('If-None-Match', etag);
        if (b.status === 304) {
          got304 = true;
          expect(b.text ?? '').toBe('');
          expect(results.mock.calls.length).toBe(calls);
          // another query at the same seq is another page: its own ETag
          const other = await t.http().get('/api/v1/scan/results?pageSize=51&fields=score').set(auth()).set('If-None-Match', etag);
          if (other.status === 200) expect(other.headers['etag']).not.toBe(etag);
        } else {
          // the scan published a delta in between: a new seq, a new ETag, the page computed
          expect(b.status).toBe(200);
          expect(b.body.seq).toBeGreaterThan(a.body.seq);
          expect(b.headers['etag']).not.toBe(etag);
        }
      }
      expect(got304).toBe(true);
    } finally {
      results.mockRestore();
    }
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
    for (const d of decoded) expect(d.rows).toHaveLength(100);
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
