/** OrderIdSource on libs/ibkr's OrderIdAuthority (max(nextValidId, highest used + 1), persisted before use). */
import type { OrderIdAuthority } from '@ibsc/ibkr';
import type { OrderIdSource } from '../gateway/order-gateway';

const MAX_SKIPS = 100_000;

export class AuthorityOrderIds implements OrderIdSource {
  constructor(
    private readonly authority: OrderIdAuthority,
    readonly clientId: number,
  ) {}

  /** The authority's next id, skipping any at or below the highest this database recorded (belt and braces). */
  async next(floor: number | null): Promise<number> {
    for (let i = 0; i < MAX_SKIPS; i++) {
      const id = await this.authority.next();
      if (floor === null || id > floor) return id;
    }
    throw new Error(`order id authority is more than ${MAX_SKIPS} ids below the recorded floor ${floor}`);
  }
}
