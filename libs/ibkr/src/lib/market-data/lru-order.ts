/** Keys in least-recently-used order (a Map keeps insertion order; touching re-inserts). */
export class LruOrder<K> {
  private readonly order = new Map<K, true>();

  touch(key: K): void {
    this.order.delete(key);
    this.order.set(key, true);
  }

  remove(key: K): void {
    this.order.delete(key);
  }

  has(key: K): boolean {
    return this.order.has(key);
  }

  get size(): number {
    return this.order.size;
  }

  /** The least recently used key that passes `eligible`, if any. */
  oldest(eligible: (key: K) => boolean = () => true): K | undefined {
    for (const k of this.order.keys()) if (eligible(k)) return k;
    return undefined;
  }

  /** Keys from least to most recently used. */
  keys(): K[] {
    return [...this.order.keys()];
  }
}
