/**
 * What a trader does during `npm run chaos`: orders through REST with Idempotency-Keys (some at the natural price,
 * which fill at once; some walking from mid), re-sends of the same key with the same body (a client that did not see
 * the answer), cancels of working orders, and order previews while the scan runs (timed). Every answer is tallied:
 * 5xx other than a 503 with Retry-After is a failure; 503 with Retry-After (an outage) and no answer at all (the API
 * being restarted after its kill -9) are counted separately.
 */
import type { SeededRandom } from '@ibsc/ib-sim/testing';
import type { OrderView, PlaceOrderResult } from '@ibsc/shared-dto';

export interface SpreadPick {
  symbol: string;
  expiry: string;
  right: 'C' | 'P';
  shortStrike: number;
  longStrike: number;
}

export interface HttpTally {
  requests: number;
  byStatus: Record<string, number>;
  /** 5xx answers other than 503 with Retry-After: must be 0. */
  serverErrors: Array<{ method: string; path: string; status: number; body: string }>;
  /** 503 with Retry-After: an outage, refused safely. */
  unavailable503: number;
  /** No answer: connection refused or reset (the API restarting), or the request timed out. */
  noAnswer: number;
  timeouts: number;
}

export interface Answer<T> {
  status: number;
  body: T | null;
}

/** REST calls with a login that is renewed when the API answers 401 (it never should with a valid token). */
export class ChaosClient {
  readonly tally: HttpTally = { requests: 0, byStatus: {}, serverErrors: [], unavailable503: 0, noAnswer: 0, timeouts: 0 };
  private token = '';

  constructor(
    readonly base: string,
    private readonly password: string,
  ) {}

  async login(): Promise<boolean> {
    const r = await this.call<{ accessToken: string }>('POST', '/auth/login', { username: 'admin', password: this.password }, {}, false);
    if (r.status === 200 && r.body) this.token = r.body.accessToken;
    return r.status === 200;
  }

  async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, auth = true, timeoutMs = 30_000): Promise<Answer<T>> {
    this.tally.requests++;
    let res: Response;
    try {
      res = await fetch(`${this.base}/api/v1${path}`, {
        method,
        headers: { ...(auth ? { authorization: `Bearer ${this.token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      this.tally.noAnswer++;
      if (e instanceof Error && e.name === 'TimeoutError') this.tally.timeouts++;
      return { status: 0, body: null };
    }
    const text = await res.text().catch(() => '');
    this.tally.byStatus[res.status] = (this.tally.byStatus[res.status] ?? 0) + 1;
    if (res.status === 503 && res.headers.get('retry-after')) this.tally.unavailable503++;
    else if (res.status >= 500) this.tally.serverErrors.push({ method, path, status: res.status, body: text.slice(0, 500) });
    if (res.status === 401 && auth) await this.login();
    let parsed: T | null = null;
    try {
      parsed = text ? (JSON.parse(text) as T) : null;
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed };
  }
}

export interface TrafficStats {
  placed: number;
  replays: number;
  cancels: number;
  previews: number;
  /** ms of each preview answered 200 while the scan ran (and no fault was being injected). */
  previewMs: number[];
  /** ms of each preview answered 200 during the whole soak (faults included). */
  previewMsAll: number[];
}

/** The order tickets and the actions of the soak; `step()` does one, chosen by the seeded random stream. */
export class ChaosTraffic {
  readonly stats: TrafficStats = { placed: 0, replays: 0, cancels: 0, previews: 0, previewMs: [], previewMsAll: [] };
  private readonly sent: Array<{ key: string; body: unknown }> = [];
  private readonly orderIds: string[] = [];
  private n = 0;

  constructor(
    private readonly client: ChaosClient,
    private readonly rnd: SeededRandom,
    private readonly spreads: () => SpreadPick[],
    private readonly keyPrefix: string,
  ) {}

  private ticket(): Record<string, unknown> | null {
    const pool = this.spreads();
    if (pool.length === 0) return null;
    const s = pool[Math.floor(this.rnd.next() * pool.length)];
    const walking = this.rnd.next() < 0.4;
    return {
      underlying: s.symbol,
      legs: [
        { expiry: s.expiry, strike: s.longStrike, right: s.right, action: 'BUY' },
        { expiry: s.expiry, strike: s.shortStrike, right: s.right, action: 'SELL' },
      ],
      quantity: 1 + Math.floor(this.rnd.next() * 3),
      orderType: 'LMT',
      ...(walking
        ? { priceMode: 'mid', walk: { intervalMs: 1000, stepFraction: 0.1, maxSlippage: 0.05, timeoutMs: 8_000 + Math.floor(this.rnd.next() * 20_000) } }
        : { priceMode: 'natural' }),
    };
  }

  async place(): Promise<void> {
    const body = this.ticket();
    if (!body) return;
    const key = `${this.keyPrefix}-${++this.n}`;
    this.sent.push({ key, body });
    const r = await this.client.call<PlaceOrderResult>('POST', '/orders', body, { 'idempotency-key': key });
    if ((r.status === 201 || r.status === 200) && r.body?.order) {
      this.stats.placed++;
      this.orderIds.push(r.body.order.id);
    }
  }

  /** The same key and body again: answered with the order it made (or placed now if the first never landed). */
  async resend(): Promise<void> {
    if (this.sent.length === 0) return this.place();
    const { key, body } = this.sent[Math.max(0, this.sent.length - 1 - Math.floor(this.rnd.next() * 5))];
    const r = await this.client.call<PlaceOrderResult>('POST', '/orders', body, { 'idempotency-key': key });
    if ((r.status === 201 || r.status === 200) && r.body?.order) {
      this.stats.replays++;
      if (!this.orderIds.includes(r.body.order.id)) this.orderIds.push(r.body.order.id);
    }
  }

  async cancel(): Promise<void> {
    const recent = this.orderIds.slice(-8);
    if (recent.length === 0) return;
    const id = recent[Math.floor(this.rnd.next() * recent.length)];
    const r = await this.client.call<OrderView>('DELETE', `/orders/${id}`);
    if (r.status === 200 || r.status === 202) this.stats.cancels++;
  }

  async preview(quiet: boolean): Promise<void> {
    const body = this.ticket();
    if (!body) return;
    const t0 = performance.now();
    const r = await this.client.call('POST', '/orders/preview', body);
    const ms = performance.now() - t0;
    this.stats.previews++;
    if (r.status === 200 || r.status === 201) {
      this.stats.previewMsAll.push(ms);
      if (quiet) this.stats.previewMs.push(ms);
    }
  }

  /** One trader action: place (60 %), re-send a recent key (18 %) or cancel a recent order (22 %). */
  async step(): Promise<void> {
    const x = this.rnd.next();
    if (x < 0.6) return this.place();
    if (x < 0.78) return this.resend();
    return this.cancel();
  }
}
