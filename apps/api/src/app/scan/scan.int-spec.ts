import 'reflect-metadata';
import http from 'node:http';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ScanDeltaEvent, ScanResyncReply, ScanSnapshotEvent, ScanStatus, ServerToClientEvents, SpreadRow } from '@ibsc/shared-dto';
import { POP_METHOD, EV_METHOD } from '@ibsc/shared-dto';
import { ContinuousScanService } from '@ibsc/scanner';
import { requestContext } from '../common/request-context';
import { createTestApp, TestApp } from '../../testing/test-app';
import { waitUntil } from '@ibsc/ib-sim/testing';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A socket.io client that applies snapshots and deltas and remembers the row ids after every seq. */
class ScanClient {
  readonly socket: Client;
  rows = new Map<string, SpreadRow>();
  seq: number | null = null;
  readonly deltas: ScanDeltaEvent[] = [];
  readonly idsAt = new Map<number, string[]>();
  readonly statuses: ScanStatus[] = [];
  gaps = 0;
  /** Drop this seq on the floor (simulates a lost message). */
  dropSeq: number | null = null;

  constructor(baseUrl: string, token: string) {
    this.socket = io(baseUrl, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false }) as unknown as Client;
    this.socket.on('scan.snapshot', (s) => this.applySnapshot(s));
    this.socket.on('scan.status', (s) => this.statuses.push(s));
    this.socket.on('scan.delta', (d) => {
      if (d.seq === this.dropSeq) return;
      if (this.seq !== null && d.seq !== this.seq + 1) {
        this.gaps++;
        void this.resync();
        return;
      }
      this.apply(d);
    });
  }

  applySnapshot(s: ScanSnapshotEvent): void {
    this.rows = new Map(s.rows.map((r) => [r.id, r]));
    this.seq = s.seq;
    this.idsAt.set(s.seq, [...this.rows.keys()].sort());
  }

  apply(d: ScanDeltaEvent): void {
    if (this.seq !== null && d.seq <= this.seq) return;
    this.deltas.push(d);
    for (const r of [...d.added, ...d.updated]) this.rows.set(r.id, r);
    for (const id of d.removed) this.rows.delete(id);
    this.seq = d.seq;
    this.idsAt.set(d.seq, [...this.rows.keys()].sort());
  }

  async resync(): Promise<ScanResyncReply> {
    const reply = await this.socket.emitWithAck('scan.resync', { lastSeq: this.seq });
    if (reply.kind === 'snapshot') this.applySnapshot(reply.snapshot);
    else for (const d of reply.deltas) this.apply(d);
    return reply;
  }

  close(): void {
    this.socket.close();
  }
}

const SYMBOLS = ['SPY', 'QQQ', 'IWM', 'AAPL', 'MSFT', 'NVDA', 'TSLA', 'AMZN'];

describe('scan end to end (API + simulator over TCP + socket.io-client)', () => {
  let t: TestApp;
  let viewer: string;
  let trader: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const clients: ScanClient[] = [];

  beforeAll(async () => {
    t = await createTestApp({ gateway: 'simulator' });
    viewer = await t.tokenFor('viewer');
    trader = await t.tokenFor('trader');
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await t.close();
  });

  it('bad requests get a 400 naming the field; a viewer cannot start a scan (403)', async () => {
    const base = { symbols: ['SPY'], spreadTypes: ['bull-put'], widths: [5] };
    await t.http().post('/api/v1/scan/start').set(auth(viewer)).send(base).expect(403);
    await t.http().put('/api/v1/scan/filters').set(auth(viewer)).send({}).expect(403);
    const cases: Array<[object, string]> = [
      [{ ...base, filters: { dte: { min: 40, max: 20 } } }, 'filters.dte.max'],
      [{ ...base, widths: [-5] }, 'widths'],
      [{ ...base, filters: { pop: { min: 1.5 } } }, 'filters.pop.min'],
      [{ ...base, symbols: ['SPY', 'NOPE'] }, 'symbols'],
      [{ ...base, filters: { dte: { min: 1500 } } }, 'filters.dte.min'], // beyond SPY's three-year LEAPS
      [{ ...base, filters: { colour: 'red' } }, 'filters.colour'],
    ];
    for (const [body, field] of cases) {
      const res = await t.http().post('/api/v1/scan/start').set(auth(trader)).send(body).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(JSON.stringify(res.body.details)).toContain(field);
    }
    // presets: bad filters refused on save, naming the field
    const bad = await t.http().post('/api/v1/presets').set(auth(trader)).send({ name: 'bad', filters: { shortDelta: { min: 0.4, max: 0.2 } } }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('filters.shortDelta.max');
    await t.http().get('/api/v1/scan/results?sort=colour:desc').set(auth(viewer)).expect(400);
  });

  it('any symbol the gateway knows is scanned (the simulator lists 30); an unknown one is a 400 naming it', async () => {
    const body = { spreadTypes: ['bull-put'], widths: [2.5, 5], filters: { dte: { min: 20, max: 40 }, shortDelta: { min: 0.2, max: 0.3 } } };
    const jpm = await t.http().post('/api/v1/scan/preview-count').set(auth(viewer)).send({ ...body, symbols: ['JPM'] }).expect(200);
    expect(jpm.body.acquired).toEqual(['JPM']);
    expect(jpm.body.matched).toBeGreaterThan(0);
    const bad = await t.http().post('/api/v1/scan/preview-count').set(auth(viewer)).send({ ...body, symbols: ['JPM', 'NOPE'] }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('symbols');
    expect(JSON.stringify(bad.body.details)).toContain('NOPE');
  });

  it('preview-count runs one at a time (429 with Retry-After) and stops quoting when its client hangs up', async () => {
    const scan = t.app.get(ContinuousScanService);
    const body = JSON.stringify({ symbols: ['TSLA', 'AMZN', 'NVDA'], spreadTypes: ['bull-put'], widths: [5], filters: { dte: { min: 1, max: 120 } } });
    const url = new URL('/api/v1/scan/preview-count', t.baseUrl);
    const first = http.request(url, { method: 'POST', headers: { ...auth(viewer), 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } });
    first.on('error', () => undefined);
    first.end(body);
    await waitUntil(() => scan.previewRunning(), 10_000, 'the first preview running');
    const busy = await t.http().post('/api/v1/scan/preview-count').set(auth(viewer)).send(JSON.parse(body)).expect(429);
    expect(busy.body.message).toContain('another preview count is running');
    expect(busy.headers['retry-after']).toBeDefined();
    first.destroy();
    await waitUntil(() => !scan.previewRunning(), 5_000, 'the abandoned preview stopped');
    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.text).toContain('scanner_previews_total{outcome="cancelled"} 1');
    expect(metrics.text).toContain('scanner_previews_total{outcome="busy"} 1');
  });

  it('a scan over the 8 underlyings streams ranked deltas to socket.io clients and serves them through REST; resync after a missed delta; stop', async () => {
    const preset = await t.http().post('/api/v1/presets').set(auth(trader))
      .send({ name: 'e2e credit puts', filters: { dte: { min: 21, max: 35 }, shortDelta: { min: 0.2, max: 0.3 }, earnings: 'flag' } })
      .expect(201);
    const a = new ScanClient(t.baseUrl, trader);
    const b = new ScanClient(t.baseUrl, viewer);
    clients.push(a, b);
    await waitUntil(() => a.seq !== null && b.seq !== null, 5_000, 'initial snapshots');

    // The scan loop runs outside the starting request's context (its log lines carry no request id).
    const loopContexts: Array<string | undefined> = [];
    const contexts = t.app.get(ContinuousScanService).events$.subscribe(() => loopContexts.push(requestContext.getStore()?.requestId));
    const started = await t.http().post('/api/v1/scan/start').set(auth(trader))
      .send({ symbols: SYMBOLS, spreadTypes: ['bull-put'], widths: [5], presetId: preset.body.id, filters: { pop: { min: 0.5 } }, maxRows: 200 })
      .expect(200);
    expect(['starting', 'running']).toContain(started.body.state);
    expect(started.body.symbols).toEqual(SYMBOLS);
    const filters = await t.http().get('/api/v1/scan/filters').set(auth(viewer)).expect(200);
    expect(filters.body).toEqual({ dte: { min: 21, max: 35 }, shortDelta: { min: 0.2, max: 0.3 }, earnings: 'flag', pop: { min: 0.5 } });

    // client b loses the second delta; it sees the gap on the third and resyncs
    b.dropSeq = (b.seq ?? 0) + 2;
    await waitUntil(() => a.statuses.some((s) => s.scans >= 1), 45_000, 'a full cycle over 8 symbols');
    contexts.unsubscribe();
    expect(loopContexts.length).toBeGreaterThan(2);
    expect(loopContexts.filter((id) => id !== undefined)).toEqual([]);
    const symbolsSeen = new Set([...a.rows.values()].map((r) => r.symbol));
    expect(symbolsSeen.size).toBeGreaterThanOrEqual(6);
    await waitUntil(() => b.gaps >= 1 && b.seq === a.seq, 10_000, 'b resynced');
    expect(b.idsAt.get(a.seq as number)).toEqual(a.idsAt.get(a.seq as number));

    // scan.visible (ADR 0017): a bad list is refused naming the field; a good one puts the rows' legs on streaming lines
    const badVisible = await a.socket.timeout(5_000).emitWithAck('scan.visible', { ids: ['SPY|2026|bull-put|1/2'] });
    expect(badVisible).toMatchObject({ ok: false, field: 'ids.0' });
    expect(await a.socket.timeout(5_000).emitWithAck('scan.visible', { ids: 'x' } as never)).toMatchObject({ ok: false, field: 'ids' });
    const shown = [...a.rows.keys()].slice(0, 3);
    expect(await a.socket.timeout(5_000).emitWithAck('scan.visible', { ids: shown })).toEqual({ ok: true, accepted: shown.length });
    const acquisition = async () => (await t.http().get('/api/v1/scan/status').set(auth(viewer)).expect(200)).body.acquisition;
    await waitUntil(async () => (await acquisition()).streaming > 0, 20_000, 'a visible row’s legs streaming');
    const counts = await acquisition();
    expect(counts.quoted + counts.pruned).toBeLessThanOrEqual(counts.listed);

    // deltas are consecutive
    const seqs = a.deltas.map((d) => d.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));

    // every row: methods named, quote age, filters honoured, flags not dropped
    const rows = [...a.rows.values()];
    for (const r of rows) {
      expect(r.type).toBe('bull-put');
      expect(r.dte).toBeGreaterThanOrEqual(21);
      expect(r.dte).toBeLessThanOrEqual(35);
      expect(r.pop).toBeGreaterThanOrEqual(0.5);
      expect(r.popMethod).toBe(POP_METHOD);
      expect(r.evMethod).toBe(EV_METHOD);
      expect(r.quoteAgeMs).toBeGreaterThanOrEqual(0);
      expect(r.short.openInterest).not.toBeNull();
      expect(r.greeksSource).toBe('gateway');
      expect(r.ivRank).not.toBeNull();
      // model inputs on every row: the configured rate (default 0.045) and the gateway's dividend yield (tick 456)
      expect(r.rate).toBe(0.045);
      expect(r.dividendYieldSource).toBe('gateway');
      expect(Math.abs(r.yearsToExpiry * 365 - r.dte)).toBeLessThan(1);
    }
    const spy = rows.find((r) => r.symbol === 'SPY');
    if (spy) expect(Math.abs(spy.dividendYield - 0.012)).toBeLessThan(0.0006);
    const nvda = rows.filter((r) => r.symbol === 'NVDA');
    if (nvda.length) expect(nvda.every((r) => r.flags.includes('EARNINGS_IN_WINDOW'))).toBe(true);

    // REST: the same rows at the same seq, ranked by score
    const page = await t.http().get('/api/v1/scan/results?page=0&pageSize=5000').set(auth(viewer)).expect(200);
    await waitUntil(() => a.idsAt.has(page.body.seq), 10_000, 'client at the REST seq');
    expect(page.body.rows.map((r: SpreadRow) => r.id).sort()).toEqual(a.idsAt.get(page.body.seq));
    expect(page.body.total).toBe(page.body.rows.length);
    // and the same contents, field by field: the socket's rows are written as the scoring thread's text (ADR 0027)
    let compared = false;
    for (let attempt = 0; attempt < 20 && !compared; attempt++) {
      const seq = a.seq;
      const mine = new Map(a.rows);
      const again = await t.http().get('/api/v1/scan/results?page=0&pageSize=5000').set(auth(viewer)).expect(200);
      if (again.body.seq !== seq) continue;
      expect(again.body.rows.length).toBe(mine.size);
      for (const r of again.body.rows as SpreadRow[]) expect(mine.get(r.id)).toEqual(r);
      compared = true;
    }
    expect(compared).toBe(true);
    const scores = page.body.rows.map((r: SpreadRow) => r.score);
    expect(scores).toEqual([...scores].sort((x: number, y: number) => y - x));
    const byPop = await t.http().get('/api/v1/scan/results?pageSize=10&sort=pop:asc').set(auth(viewer)).expect(200);
    expect(byPop.body.rows.length).toBeLessThanOrEqual(10);
    expect(byPop.body.rows[0].pop).toBeLessThanOrEqual(byPop.body.rows.at(-1).pop);

    // a resync from far behind gets a snapshot
    const reply = await b.socket.emitWithAck('scan.resync', { lastSeq: null });
    expect(reply.kind).toBe('snapshot');

    const status = await t.http().get('/api/v1/scan/status').set(auth(viewer)).expect(200);
    expect(status.body).toMatchObject({ state: 'running', health: 'ok', quoteMode: 'snapshot', symbols: SYMBOLS, riskFreeRate: 0.045, crossedQuotes: 'exclude' });
    expect(status.body.funnel.steps.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['priced', 'dte', 'shortDelta', 'pop']));

    // preview: how many a stricter filter set matches now, on the quotes held
    const preview = await t.http().post('/api/v1/scan/preview-count').set(auth(viewer))
      .send({ symbols: SYMBOLS, spreadTypes: ['bull-put'], widths: [5], presetId: preset.body.id, filters: { pop: { min: 0.7 } } })
      .expect(200);
    expect(preview.body.acquired).toEqual([]);
    expect(preview.body.matched).toBeLessThanOrEqual(status.body.funnel.matched);

    // changing the filters re-scores at once
    const before = a.seq as number;
    await t.http().put('/api/v1/scan/filters').set(auth(trader)).send({ dte: { min: 21, max: 35 }, shortDelta: { min: 0.2, max: 0.3 }, pop: { min: 0.7 } }).expect(200);
    await waitUntil(() => (a.seq as number) > before && [...a.rows.values()].every((r) => r.pop >= 0.7), 10_000, 'rows re-filtered');

    const metrics = await t.http().get('/metrics').expect(200);
    for (const name of ['scanner_scan_duration_seconds_count', 'scanner_rows ', 'scanner_quotes_age_seconds{stat="oldest"}', 'scanner_funnel_rows{step="priced"}', 'scanner_running 1', 'scanner_time_to_first_rows_seconds_count 1']) expect(metrics.text).toContain(name);

    await t.http().post('/api/v1/scan/stop').set(auth(trader)).expect(200);
    await waitUntil(() => a.rows.size === 0, 5_000, 'rows removed on stop');
    const stopped = await t.http().get('/api/v1/scan/status').set(auth(viewer)).expect(200);
    expect(stopped.body).toMatchObject({ state: 'idle', health: 'idle', rows: 0 });
  });
});
