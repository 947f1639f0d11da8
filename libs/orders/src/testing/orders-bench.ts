/**
 * `npm run bench:orders`: preview → gateway acknowledgement against the in-process simulator (wall clock), through
 * the real connection layer and order engine on PostgreSQL. One iteration: POST-preview work (qualify, quotes,
 * risk, whatIf), then place (commit, transmit) until the gateway's first openOrder/orderStatus for the order.
 */
import { startSimulator } from '@ibsc/ib-sim';
import { IbkrRuntime, SystemClock } from '@ibsc/ibkr';
import { nearMoneyOption } from '@ibsc/ib-sim/testing';
import type { PlaceOrderDto } from '@ibsc/shared-dto';
import { Registry } from 'prom-client';
import { OrdersEngine } from '../lib/engine/orders-engine';
import { ORDERS_CONFIG_DEFAULTS } from '../lib/risk/orders-config';
import { createOrdersTestDatabase } from './test-database';

export interface OrdersBenchResult {
  iterations: number;
  coldMs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  previewMedianMs: number;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

export async function runOrdersBenchmark(iterations = 30): Promise<OrdersBenchResult> {
  const sim = await startSimulator({ host: '127.0.0.1', port: 0, seed: 5 });
  const db = await createOrdersTestDatabase();
  const rt = new IbkrRuntime({ gateway: { kind: 'simulator', host: '127.0.0.1', port: sim.port }, clientId: 3 }, new SystemClock());
  const engine = new OrdersEngine({ db: db.dataSource, ibkr: rt, config: { ...ORDERS_CONFIG_DEFAULTS, maxOpenPerUnderlying: 1000, liveTradingConfirm: null }, registry: new Registry() });
  try {
    engine.start();
    rt.start();
    const start = Date.now();
    while (rt.connection.state !== 'ready') {
      if (Date.now() - start > 15_000) throw new Error('gateway not ready');
      await new Promise((r) => setTimeout(r, 20));
    }
    await engine.reconcileNow();
    const o = nearMoneyOption(sim.market, 'SPY', 'C');
    const dto = {
      underlying: 'SPY',
      legs: [
        { expiry: o.expiry, strike: o.strike, right: 'C', action: 'BUY' },
        { expiry: o.expiry, strike: o.strike + 5, right: 'C', action: 'SELL' },
      ],
      quantity: 1,
      orderType: 'LMT',
      priceMode: 'manual',
      limit: 0.05,
    } as PlaceOrderDto;
    // The first orderStatus of an order id, when it arrived (it can come before place() has resolved).
    const ackAt = new Map<number, number>();
    rt.connection.incoming.on('orderStatus', (id) => {
      if (!ackAt.has(id)) ackAt.set(id, performance.now());
    });
    const totals: number[] = [];
    const previews: number[] = [];
    for (let i = 0; i <= iterations; i++) {
      const t0 = performance.now();
      await engine.preview(dto);
      const t1 = performance.now();
      const { order } = await engine.place(dto, `bench-${Date.now()}-${i}`, 'bench');
      const waitFrom = Date.now();
      while (!ackAt.has(order.ibOrderId)) {
        if (Date.now() - waitFrom > 10_000) throw new Error(`no acknowledgement for order ${order.ibOrderId}`);
        await new Promise((r) => setTimeout(r, 1));
      }
      const t2 = ackAt.get(order.ibOrderId) as number;
      if (i > 0) {
        totals.push(t2 - t0);
        previews.push(t1 - t0);
      } else {
        previews.push(t1 - t0);
        totals.push(t2 - t0);
      }
      await engine.cancel(order.id, 'bench');
      await new Promise((r) => setTimeout(r, 150)); // let the token bucket refill (45/s, burst 2)
    }
    const cold = totals.shift() as number;
    previews.shift();
    const r = (n: number) => Math.round(n * 10) / 10;
    return { iterations, coldMs: r(cold), medianMs: r(pct(totals, 0.5)), p95Ms: r(pct(totals, 0.95)), maxMs: r(Math.max(...totals)), previewMedianMs: r(pct(previews, 0.5)) };
  } finally {
    engine.stop();
    await rt.stop();
    await sim.stop();
    await db.drop();
  }
}
