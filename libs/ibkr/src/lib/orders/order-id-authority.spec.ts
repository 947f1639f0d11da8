import { OrderIdAuthority } from './order-id-authority';
import { InMemoryOrderIdStore } from './order-id-store';

describe('OrderIdAuthority', () => {
  it('starts at the gateway nextValidId and counts up', async () => {
    const a = new OrderIdAuthority(new InMemoryOrderIdStore(), 'DU1');
    await expect(a.next()).rejects.toThrow(/nextValidId/);
    a.onNextValidId(1000);
    expect(await a.next()).toBe(1000);
    expect(await a.next()).toBe(1001);
    expect(a.peek()).toBe(1002);
  });

  it('never goes back when the gateway rolls its id back', async () => {
    const a = new OrderIdAuthority(new InMemoryOrderIdStore(), 'DU1');
    a.onNextValidId(1000);
    for (let i = 0; i < 5; i++) await a.next();
    a.onNextValidId(1000);
    expect(await a.next()).toBe(1005);
    a.onNextValidId(2000);
    expect(await a.next()).toBe(2000);
  });

  it('continues after a restart of the API from the stored highest id', async () => {
    const store = new InMemoryOrderIdStore();
    const a = new OrderIdAuthority(store, 'DU1');
    a.onNextValidId(1000);
    await a.next();
    await a.next();
    const b = new OrderIdAuthority(store, 'DU1');
    b.onNextValidId(1000);
    expect(await b.next()).toBe(1002);
    const other = new OrderIdAuthority(store, 'DU2');
    other.onNextValidId(1000);
    expect(await other.next()).toBe(1000);
  });

  it('hands distinct ids to concurrent callers', async () => {
    const a = new OrderIdAuthority(new InMemoryOrderIdStore());
    a.onNextValidId(1);
    const ids = await Promise.all(Array.from({ length: 20 }, () => a.next()));
    expect(new Set(ids).size).toBe(20);
    expect(Math.max(...ids)).toBe(20);
  });
});
