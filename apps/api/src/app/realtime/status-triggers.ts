import type { IbkrEventBus, IbkrEventMap } from '@ibsc/ibkr';

/** Connection-layer events that change what `system.status` says: each one is worth an immediate push. */
export const STATUS_TRIGGER_EVENTS = ['state', 'connectivity', 'farm', 'throttle', 'backpressure', 'restart', 'client-id'] as const satisfies readonly (keyof IbkrEventMap)[];

/** Calls `changed` on every status-changing event of the bus; returns the function that stops listening. */
export function onStatusChange(bus: IbkrEventBus, changed: () => void): () => void {
  const listener = () => changed();
  for (const event of STATUS_TRIGGER_EVENTS) bus.on(event, listener);
  return () => {
    for (const event of STATUS_TRIGGER_EVENTS) bus.off(event, listener);
  };
}
