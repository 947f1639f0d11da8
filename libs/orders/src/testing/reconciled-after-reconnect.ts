import type { IbkrRuntime } from '@ibsc/ibkr';
import type { OrdersEngine } from '../lib/engine/orders-engine';

/**
 * Resolves on the first reconciliation whose snapshot was taken on the session after the next transition to ready:
 * the pass that also sent or dropped the pending intents. Call it before the fault. A pass that was already running
 * when the fault hit (the periodic one) may still report after it; acting on its word would write to a socket the
 * client has not yet seen close, or read an order's state before the reconnect's pass settled it.
 */
export function reconciledAfterReconnect(rt: Pick<IbkrRuntime, 'bus' | 'clock'>, engine: Pick<OrdersEngine, 'events'>): Promise<void> {
  return new Promise<void>((resolve) => {
    rt.bus.once('ready', () => {
      const readyAt = rt.clock.now();
      const on = (report: { at: Date }) => {
        if (report.at.getTime() < readyAt) return;
        engine.events.off('reconciled', on);
        resolve();
      };
      engine.events.on('reconciled', on);
    });
  });
}
