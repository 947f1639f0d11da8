/**
 * After the soak of `npm run chaos`: let everything settle (every working order cancelled through REST, walks and
 * reconciliation done), then check the API's books in PostgreSQL against the gateway's own ledger (the simulator's
 * GET /ledger): every order transmitted once, every execution booked, the same positions, no order left hanging.
 */
import type { Client } from 'pg';
import type { ChaosClient } from './chaos-traffic';
import type { SimProcess } from './chaos-processes';

const TERMINAL = ['filled', 'cancelled', 'rejected', 'inactive'];
const GATEWAY_WORKING = ['PendingSubmit', 'ApiPending', 'PreSubmitted', 'Submitted', 'PendingCancel'];

interface LedgerOrder {
  clientId: number;
  orderId: number;
  permId: number;
  status: string;
  orderRef: string;
  filled: number;
  totalQuantity: number;
  secType: string;
}
interface LedgerExecution {
  execId: string;
  orderRef: string;
  permId: number;
  contract: { conId: number; secType: string };
}
export interface Ledger {
  orders: LedgerOrder[];
  executions: LedgerExecution[];
  positions: Array<{ conId: number; position: number }>;
}

export interface AuditResult {
  orders: number;
  filledOrders: number;
  /** Executions at the gateway (legs and combo) for the API's orders. */
  fills: number;
  /** orderRefs the gateway holds with more than one permId (transmitted twice). */
  duplicates: string[];
  /** Gateway orders with an orderRef the database has no row for. */
  unknownAtDb: string[];
  /** Gateway executions the database has not booked. */
  lostFills: string[];
  /** Executions booked twice (cannot happen with the unique index; checked anyway). */
  doubleBooked: number;
  /** Option conIds whose position at the gateway differs from the one the booked executions make. */
  positionDifferences: Array<{ conId: number; gateway: number; db: number }>;
  /** The API's own drift view (GET /positions) after its last position reconciliation. */
  apiDrift: number | null;
  /** Orders not final in the database while nothing works at the gateway (or still working after the settle). */
  stuck: Array<{ orderRef: string; db: string; gateway: string | null }>;
  /** Final orders whose filled quantity differs from the gateway's. */
  fillQuantityDifferences: Array<{ orderRef: string; db: number; gateway: number }>;
  settleMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Cancels what still works, waits until every order is final and every gateway execution booked (bounded). */
export async function settle(pg: Client, client: ChaosClient, sim: SimProcess, limitMs: number): Promise<number> {
  const t0 = Date.now();
  const open = async () => (await pg.query(`SELECT id FROM orders WHERE status NOT IN ('filled','cancelled','rejected','inactive')`)).rows.map((r) => r.id as string);
  let lastCancel = 0;
  while (Date.now() - t0 < limitMs) {
    const ids = await open();
    if (ids.length === 0) break;
    if (Date.now() - lastCancel > 10_000) {
      lastCancel = Date.now();
      for (const id of ids) await client.call('DELETE', `/orders/${id}`);
    }
    await sleep(500);
  }
  while (Date.now() - t0 < limitMs) {
    const ledger = await sim.ctl<Ledger>('GET', '/ledger');
    const booked = new Set((await pg.query(`SELECT exec_id FROM order_executions`)).rows.map((r) => r.exec_id as string));
    if (ledger.executions.every((x) => booked.has(x.execId))) break;
    await sleep(1000);
  }
  return Date.now() - t0;
}

export async function audit(pg: Client, client: ChaosClient, sim: SimProcess, settleMs: number): Promise<AuditResult> {
  const ledger = await sim.ctl<Ledger>('GET', '/ledger');
  const rows = (await pg.query(`SELECT order_ref, status, filled_quantity FROM orders`)).rows as Array<{ order_ref: string; status: string; filled_quantity: string }>;
  const dbByRef = new Map(rows.map((r) => [r.order_ref, r]));
  const gwByRef = new Map<string, LedgerOrder[]>();
  for (const o of ledger.orders) gwByRef.set(o.orderRef, [...(gwByRef.get(o.orderRef) ?? []), o]);

  const duplicates = [...gwByRef].filter(([, os]) => new Set(os.map((o) => o.permId)).size > 1).map(([ref]) => ref);
  const unknownAtDb = [...gwByRef.keys()].filter((ref) => !dbByRef.has(ref));

  const execRows = (await pg.query(`SELECT exec_id, con_id, sec_type, side, shares FROM order_executions`)).rows as Array<{ exec_id: string; con_id: number; sec_type: string; side: string; shares: string }>;
  const booked = new Set(execRows.map((r) => r.exec_id));
  const lostFills = ledger.executions.filter((x) => !booked.has(x.execId)).map((x) => x.execId);

  const dbPos = new Map<number, number>();
  for (const r of execRows) {
    if (r.sec_type !== 'OPT') continue;
    dbPos.set(r.con_id, (dbPos.get(r.con_id) ?? 0) + (r.side === 'BOT' ? 1 : -1) * Number(r.shares));
  }
  const gwPos = new Map(ledger.positions.map((p) => [p.conId, p.position]));
  const positionDifferences = [...new Set([...dbPos.keys(), ...gwPos.keys()])]
    .map((conId) => ({ conId, gateway: gwPos.get(conId) ?? 0, db: dbPos.get(conId) ?? 0 }))
    .filter((d) => Math.abs(d.gateway - d.db) > 1e-9);

  const stuck: AuditResult['stuck'] = [];
  const fillQuantityDifferences: AuditResult['fillQuantityDifferences'] = [];
  for (const r of rows) {
    const gw = gwByRef.get(r.order_ref)?.at(-1) ?? null;
    if (!TERMINAL.includes(r.status)) {
      stuck.push({ orderRef: r.order_ref, db: r.status, gateway: gw?.status ?? null });
      continue;
    }
    const gwFilled = gw?.filled ?? 0;
    if (Math.abs(gwFilled - Number(r.filled_quantity)) > 1e-9) fillQuantityDifferences.push({ orderRef: r.order_ref, db: Number(r.filled_quantity), gateway: gwFilled });
  }
  // an order final in the database that still works at the gateway is stuck the other way round
  for (const [ref, os] of gwByRef) {
    const last = os.at(-1);
    const db = dbByRef.get(ref);
    if (last && db && TERMINAL.includes(db.status) && GATEWAY_WORKING.includes(last.status)) stuck.push({ orderRef: ref, db: db.status, gateway: last.status });
  }

  const drift = await client.call<{ drift?: { differences?: unknown[] } | null }>('GET', '/positions');
  return {
    orders: rows.length,
    filledOrders: rows.filter((r) => r.status === 'filled').length,
    fills: ledger.executions.length,
    duplicates,
    unknownAtDb,
    lostFills,
    doubleBooked: execRows.length - booked.size,
    positionDifferences,
    apiDrift: drift.status === 200 ? (drift.body?.drift?.differences?.length ?? 0) : null,
    stuck,
    fillQuantityDifferences,
    settleMs,
  };
}
