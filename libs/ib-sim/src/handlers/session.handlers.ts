import { ClientMsg, ServerMsg } from '../protocol/message-ids';
import type { HandlerRegistry } from '../server/handler-registry';
import type { SimContext } from '../server/sim-context';

/** reqCurrentTime (49), reqIds (8), reqManagedAccts (17). */
export function registerSessionHandlers(registry: HandlerRegistry, ctx: SimContext, accountIds: string[]): void {
  registry.register(ClientMsg.REQ_CURRENT_TIME, 'reqCurrentTime', (s, r) => {
    r.int(); // version
    s.send([ServerMsg.CURRENT_TIME, 1, Math.floor(ctx.clock.now() / 1000)]);
  });

  registry.register(ClientMsg.REQ_IDS, 'reqIds', (s, r) => {
    r.int(); // version
    if (r.remaining > 0) r.int(); // numIds: TWS ignores it and answers with the next id
    s.send([ServerMsg.NEXT_VALID_ID, 1, ctx.orderIds.next()]);
  });

  registry.register(ClientMsg.REQ_MANAGED_ACCTS, 'reqManagedAccts', (s, r) => {
    r.int(); // version
    s.send([ServerMsg.MANAGED_ACCTS, 1, accountIds.join(',')]);
  });
}
