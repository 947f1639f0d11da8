/**
 * An integrator's journey against the IB Spread Console API, typed only by the types openapi-typescript generates
 * from /api/docs-json (src/generated/api.ts, not checked in): preview → place with an Idempotency-Key → follow the
 * order over Socket.IO until filled → positions → trades CSV. Every JSON answer goes through `check`, which the test
 * wires to a schema validator (a drifted response fails there).
 *
 * Auth is one parameter: `authorization` is the full header value. Today a JWT (`Bearer <token>` from
 * POST /auth/login); with API keys it becomes `Bearer <key>` and nothing else changes.
 */
import { io } from 'socket.io-client';
import type { components, paths } from './generated/api';

type Schemas = components['schemas'];
export type PreviewBody = NonNullable<paths['/api/v1/orders/preview']['post']['requestBody']>['content']['application/json'];
type PreviewView = paths['/api/v1/orders/preview']['post']['responses']['200']['content']['application/json'];
type PlaceOrderResult = paths['/api/v1/orders']['post']['responses']['201']['content']['application/json'];
type PositionsView = paths['/api/v1/positions']['get']['responses']['200']['content']['application/json'];
type OrderView = Schemas['OrderView'];

export interface IntegrationConfig {
  baseUrl: string;
  /** The Authorization header value: the one line to change when switching from a JWT to an API key. */
  authorization: string;
  /** The spread to trade (two legs of one expiry). */
  ticket: PreviewBody;
  idempotencyKey: string;
  /** Called with every JSON answer: (method, OpenAPI path, status, body). */
  check: (method: string, path: string, status: number, body: unknown) => void;
  timeoutMs?: number;
}

export interface IntegrationResult {
  preview: PreviewView;
  placed: PlaceOrderResult;
  filled: OrderView;
  positions: PositionsView;
  tradesCsv: string;
}

export async function runIntegration(cfg: IntegrationConfig): Promise<IntegrationResult> {
  const headers = { Authorization: cfg.authorization, 'Content-Type': 'application/json' };
  const call = async <T>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<T> => {
    const res = await fetch(`${cfg.baseUrl}${path}`, { method, headers: { ...headers, ...extra }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json: unknown = await res.json();
    cfg.check(method.toLowerCase(), path.replace(/\/[0-9a-f-]{36}$/, '/{id}'), res.status, json);
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json as T;
  };

  const preview = await call<PreviewView>('POST', '/api/v1/orders/preview', cfg.ticket);
  if (!preview.allowed) throw new Error(`the risk guard refuses the ticket: ${JSON.stringify(preview.risk)}`);
  // A marketable limit: the natural price plus a cushion, inside the width.
  const limit = Math.round(Math.min(preview.width - 0.05, (preview.limitPrice ?? 0) + 0.3) * 100) / 100;
  const ticket: PreviewBody = { ...cfg.ticket, priceMode: 'manual', limit };

  const socket = io(cfg.baseUrl, { path: '/socket.io', auth: { token: cfg.authorization.replace(/^Bearer /, '') }, transports: ['websocket'], reconnection: false });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const updates: OrderView[] = [];
    socket.on('orders.update', (o: OrderView) => updates.push(o));

    const placed = await call<PlaceOrderResult>('POST', '/api/v1/orders', ticket, { 'Idempotency-Key': cfg.idempotencyKey });
    const id = placed.order.id;
    const deadline = Date.now() + (cfg.timeoutMs ?? 60_000);
    let filled: OrderView | undefined;
    while (!filled) {
      filled = updates.find((o) => o.id === id && o.status === 'filled' && o.filledQuantity === o.quantity);
      const dead = updates.find((o) => o.id === id && ['cancelled', 'rejected', 'inactive'].includes(o.status));
      if (dead) throw new Error(`order ${id} ended ${dead.status}: ${dead.statusReason ?? ''}`);
      if (Date.now() > deadline) throw new Error(`order ${id} not filled; last update ${JSON.stringify(updates.at(-1)?.status)}`);
      if (!filled) await new Promise((r) => setTimeout(r, 100));
    }

    let tradesCsv = '';
    while (!tradesCsv.includes(placed.order.orderRef)) {
      const res = await fetch(`${cfg.baseUrl}/api/v1/trades?format=csv`, { headers: { Authorization: cfg.authorization } });
      tradesCsv = await res.text();
      if (Date.now() > deadline) throw new Error('the fill never reached the trades CSV');
      if (!tradesCsv.includes(placed.order.orderRef)) await new Promise((r) => setTimeout(r, 200));
    }
    // The fill is booked: the position shows it (polled; positions.update also pushes it).
    let positions = await call<PositionsView>('GET', '/api/v1/positions');
    while (!positions.positions.some((p) => p.positionKey === id)) {
      if (Date.now() > deadline) throw new Error(`order ${id} never showed in positions`);
      await new Promise((r) => setTimeout(r, 200));
      positions = await call<PositionsView>('GET', '/api/v1/positions');
    }
    return { preview, placed, filled, positions, tradesCsv };
  } finally {
    socket.close();
  }
}
