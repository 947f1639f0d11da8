/**
 * Where the highest order id this system ever used is kept, so it survives restarts of the API and of the
 * gateway. apps/api implements it on PostgreSQL (TypeORM); tests use the in-memory one.
 */
export interface OrderIdStore {
  /** The highest id ever reserved in this scope, or null if none. */
  highest(scope: string): Promise<number | null>;
  /** Records `id` as used; must never lower the stored value (concurrent writers keep the max). */
  reserve(scope: string, id: number): Promise<void>;
}

export const ORDER_ID_STORE = Symbol('ORDER_ID_STORE');

export class InMemoryOrderIdStore implements OrderIdStore {
  private readonly values = new Map<string, number>();

  async highest(scope: string): Promise<number | null> {
    return this.values.get(scope) ?? null;
  }

  async reserve(scope: string, id: number): Promise<void> {
    this.values.set(scope, Math.max(id, this.values.get(scope) ?? Number.NEGATIVE_INFINITY));
  }
}
