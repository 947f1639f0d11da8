import { startSimulator } from '@ibsc/ib-sim';
import { SystemClock } from '../lib/clock/clock';
import { IbkrRuntime } from '../lib/ibkr-runtime';
import { contractDetailsRequest, placeOrderRequest } from '../lib/requests/ib-requests';
import { byConId, SPY_STOCK } from './contracts';

export interface BurstBenchResult {
  requests: number;
  configuredRate: number;
  seconds: number;
  throughputPerSec: number;
  pctOfConfigured: number;
  errors100: number;
  failed: number;
  maxQueueDepth: number;
  throttleEvents: number;
  /** Max messages the client sent in any one-second window. */
  maxSentPerSecond: number;
  /** Submitted mid-burst with ~N requests queued ahead of it: how long until it was written. */
  orderQueuedBehind: number;
  orderWaitMs: number;
  backpressureLevels: string[];
}

/**
 * The burst: N contract-details requests at once through the coordinator, against the simulator on
 * loopback with the wall clock; an order submitted in the middle. Used by `npm run bench:ibkr`.
 */
export async function runBurstBenchmark(opts: { requests?: number; rate?: number } = {}): Promise<BurstBenchResult> {
  const n = opts.requests ?? 1000;
  const rate = opts.rate ?? 45;
  const sim = await startSimulator({ port: 0, seed: 11, controlPort: false });
  const rt = new IbkrRuntime({ gateway: { kind: 'simulator', host: '127.0.0.1', port: sim.port }, clientId: 1, requestRate: rate }, new SystemClock());
  try {
    rt.start();
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('gateway not ready within 10 s')), 10_000);
      rt.bus.on('state', (s) => {
        if (s.to === 'ready') {
          clearTimeout(t);
          resolve();
        }
      });
    });
    const conIds = sim.market.findContracts({ secType: 'OPT', symbol: 'SPY' }).slice(0, n).map((c) => c.conId);
    if (conIds.length < n) throw new Error(`the simulator has only ${conIds.length} SPY options`);
    const sentAt: number[] = [];
    rt.bus.on('request-sent', (e) => sentAt.push(e.at));
    const levels: string[] = [];
    rt.bus.on('backpressure', (b) => levels.push(b.level));
    let maxQueue = 0;
    const sampler = setInterval(() => (maxQueue = Math.max(maxQueue, rt.coordinator.queueDepth())), 50);
    const t0 = Date.now();
    let failed = 0;
    const all = conIds.map((id) => rt.coordinator.submit(contractDetailsRequest(byConId(id), { timeoutMs: 60_000 })).catch(() => void failed++));
    maxQueue = Math.max(maxQueue, rt.coordinator.queueDepth());
    // mid-burst order
    await new Promise((r) => setTimeout(r, 5_000));
    const behind = rt.coordinator.queueDepth();
    const orderId = await rt.orderIds.next();
    const o0 = Date.now();
    await rt.coordinator.submit(placeOrderRequest(orderId, SPY_STOCK, { action: 'BUY', orderType: 'LMT', lmtPrice: 1, totalQuantity: 1, transmit: true } as never));
    const orderWaitMs = Date.now() - o0;
    await Promise.all(all);
    const seconds = (Date.now() - t0) / 1000;
    clearInterval(sampler);
    let maxPerSec = 0;
    for (let i = 0, j = 0; i < sentAt.length; i++) {
      while (sentAt[i] - sentAt[j] >= 1000) j++;
      maxPerSec = Math.max(maxPerSec, i - j + 1);
    }
    const throughput = (n + 1) / seconds;
    return {
      requests: n,
      configuredRate: rate,
      seconds: Math.round(seconds * 100) / 100,
      throughputPerSec: Math.round(throughput * 100) / 100,
      pctOfConfigured: Math.round((throughput / rate) * 1000) / 10,
      errors100: rt.policy.count(100),
      failed,
      maxQueueDepth: maxQueue,
      throttleEvents: rt.coordinator.throttleCount(),
      maxSentPerSecond: maxPerSec,
      orderQueuedBehind: behind,
      orderWaitMs,
      backpressureLevels: levels,
    };
  } finally {
    await rt.stop();
    await sim.stop();
  }
}
