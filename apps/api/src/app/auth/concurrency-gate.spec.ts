import { ConcurrencyGate } from './concurrency-gate';

describe('ConcurrencyGate', () => {
  it('runs at most max at once, queues a bounded number and refuses the rest', async () => {
    const gate = new ConcurrencyGate(2, 1);
    let active = 0;
    let peak = 0;
    const releases: Array<() => void> = [];
    const task = () =>
      new Promise<string>((resolve) => {
        active++;
        peak = Math.max(peak, active);
        releases.push(() => {
          active--;
          resolve('done');
        });
      });
    const a = gate.run(task);
    const b = gate.run(task);
    const c = gate.run(task);
    await expect(gate.run(task)).resolves.toBeNull();
    await Promise.resolve();
    expect(releases).toHaveLength(2);
    releases[0]();
    await expect(a).resolves.toBe('done');
    await new Promise((r) => setImmediate(r));
    expect(releases).toHaveLength(3);
    releases[1]();
    releases[2]();
    await expect(Promise.all([b, c])).resolves.toEqual(['done', 'done']);
    expect(peak).toBe(2);
    await expect(gate.run(async () => 'again')).resolves.toBe('again');
  });
});
