/**
 * Several built API processes (dist/apps/api/main.js) on one PostgreSQL database and one simulated gateway, as a
 * replicated deployment runs them (ADR 0010). Used by the fail-over e2e test and `npm run bench:failover`.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { freePort, newDataDir, startBuiltApi, type RunningApi } from './built-api';

export const ADMIN_PASSWORD = 'cluster-admin-password';
export const JWT_SECRET = 'cluster-jwt-secret-0123456789abcdefghij';
export const CLIENT_ID = 1;
export const FALLBACK_CLIENT_ID = 9;

export interface Replica {
  id: string;
  api: RunningApi;
  proc: ChildProcess;
  base: string;
  alive: boolean;
}

export interface SessionHealth {
  role: 'owner' | 'standby';
  owner: string | null;
  epoch: number;
  ibkr?: { up: boolean; state: string };
}

/** A fresh database on the server at `serverUrl` (the CI machine's, or an embedded one); drop() removes it. */
export async function createDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ibsc_cluster_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export class ApiCluster {
  readonly replicas: Replica[] = [];
  private n = 0;

  constructor(
    private readonly databaseUrl: string,
    private readonly gatewayPort: number,
    private readonly extraEnv: Record<string, string> = {},
  ) {}

  /** Starts one more replica and waits for its readiness (the database; not the IB session). */
  async add(): Promise<Replica> {
    const id = `replica-${String.fromCharCode(97 + this.n++)}`;
    const api = await startBuiltApi({
      PORT: String(await freePort()),
      DATABASE_URL: this.databaseUrl,
      DATA_DIR: newDataDir(),
      IB_GATEWAY: 'tws',
      TWS_HOST: '127.0.0.1',
      TWS_PORT: String(this.gatewayPort),
      CLIENT_ID: String(CLIENT_ID),
      IB_FALLBACK_CLIENT_ID: String(FALLBACK_CLIENT_ID),
      REPLICA_ID: id,
      JWT_SECRET,
      ADMIN_PASSWORD,
      RISK_MAX_OPEN_PER_UNDERLYING: '100',
      ...this.extraEnv,
    });
    const r: Replica = { id, api, proc: api.proc, base: `http://127.0.0.1:${api.port}`, alive: true };
    api.proc.on('exit', () => (r.alive = false));
    this.replicas.push(r);
    return r;
  }

  live(): Replica[] {
    return this.replicas.filter((r) => r.alive);
  }

  async session(r: Replica): Promise<SessionHealth | null> {
    try {
      const res = await fetch(`${r.base}/api/v1/health`, { signal: AbortSignal.timeout(2000) });
      const body = (await res.json()) as { details?: { session?: SessionHealth } };
      return body.details?.session ?? null;
    } catch {
      return null;
    }
  }

  /** The replica that owns the session and whose gateway connection is ready, or null. */
  async readyOwner(): Promise<Replica | null> {
    for (const r of this.live()) {
      const s = await this.session(r);
      if (s?.role === 'owner' && s.ibkr?.state === 'ready') return r;
    }
    return null;
  }

  /** Polls until some live replica owns a ready session; returns it and the time it took. */
  async waitForReadyOwner(timeoutMs: number, except?: Replica): Promise<{ owner: Replica; ms: number }> {
    const t0 = Date.now();
    for (;;) {
      const o = await this.readyOwner();
      if (o && o !== except) return { owner: o, ms: Date.now() - t0 };
      if (Date.now() - t0 > timeoutMs) throw new Error(`no ready session owner within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async login(r: Replica): Promise<string> {
    const res = await fetch(`${r.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  async stop(): Promise<void> {
    await Promise.all(this.live().map((r) => r.api.stop('SIGKILL')));
  }
}

/** JSON request helper: status and body. */
export async function call<T = unknown>(base: string, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/**
 * A limit that fills at once in the simulator: the natural price from a fresh preview plus a cushion (capped below the
 * width). A natural-priced order whose quote moved rests between mid and natural, where the simulator fills only by
 * chance; tests that wait for a fill on a wall clock use this (the e2e twin of apps/api's marketableTicket).
 */
export async function marketableLimit(base: string, token: string, ticket: Record<string, unknown>, cushion = 0.3): Promise<{ priceMode: 'manual'; limit: number }> {
  const p = await call<{ width: number; limitPrice?: number }>(base, 'POST', '/orders/preview', token, { ...ticket, priceMode: 'natural' });
  if (p.status !== 200) throw new Error(`preview: ${p.status} ${JSON.stringify(p.body)}`);
  return { priceMode: 'manual', limit: Math.round(Math.min(p.body.width - 0.05, (p.body.limitPrice ?? 0) + cushion) * 100) / 100 };
}
