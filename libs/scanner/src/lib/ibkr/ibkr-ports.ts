/**
 * The parts of the connection layer (libs/ibkr) the ibkr-backed sources use, narrowed to what they call so unit
 * tests can pass fakes. An `IbkrRuntime` (or the Nest-injected parts) satisfies it.
 */
import type { Clock, MarketDataLineManager, RequestCoordinator } from '@ibsc/ibkr';

export interface IbkrPorts {
  coordinator: Pick<RequestCoordinator, 'submit' | 'backpressure' | 'whenAccepting' | 'whenQueueBelow'>;
  lines: Pick<MarketDataLineManager, 'subscribe' | 'snapshot' | 'usage'>;
  clock: Clock;
}

/** Resolves after `ms` of the injected clock (tests drive it by hand). */
export function clockDelay(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clock.clearTimeout(t);
      resolve();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Waits until the coordinator accepts optional work: at once in the normal tier; `slowdown` × `basePauseMs` in the
 * elevated/high/critical tiers (so the scanner backs off as the queue grows); until the queue drains when paused;
 * and while the queue holds `maxQueued` or more requests (woken by the coordinator as requests leave the queue, one
 * waiter per free place: no polling). Returns the worst tier seen (for metrics).
 */
export async function obeyBackpressure(ports: IbkrPorts, basePauseMs: number, maxQueued: number, signal?: AbortSignal): Promise<number> {
  let worst = 0;
  for (;;) {
    const bp = ports.coordinator.backpressure();
    worst = Math.max(worst, bp.tier);
    if (signal?.aborted) return worst;
    if (bp.paused) {
      await ports.coordinator.whenAccepting();
      continue;
    }
    if (bp.tier > 0) await clockDelay(ports.clock, basePauseMs * bp.slowdown, signal);
    // Our own cap on the queue, below the first tier: the scanner never builds the backlog it would then obey.
    if (ports.coordinator.backpressure().queueDepth < maxQueued) return worst;
    await ports.coordinator.whenQueueBelow(maxQueued, signal);
  }
}
