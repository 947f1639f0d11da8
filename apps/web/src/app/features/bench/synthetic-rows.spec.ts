import { prng, requote, syntheticRow } from './synthetic-rows';

describe('synthetic rows for the grid benchmark', () => {
  it('are deterministic for a seed, with unique ids', () => {
    const a = Array.from({ length: 500 }, (_, i) => syntheticRow(i, prng(7)));
    const b = Array.from({ length: 500 }, (_, i) => syntheticRow(i, prng(7)));
    expect(a.map((r) => r.netMid)).toEqual(b.map((r) => r.netMid));
    expect(new Set(a.map((r) => r.id)).size).toBe(500);
  });

  it('requote keeps the id and moves the quote-driven numbers within bounds', () => {
    const rnd = prng(1);
    const row = syntheticRow(3, rnd);
    const next = requote(row, rnd);
    expect(next.id).toBe(row.id);
    expect(next.netMid).not.toBe(row.netMid);
    expect(next.pop).toBeGreaterThanOrEqual(0);
    expect(next.pop).toBeLessThanOrEqual(1);
  });
});
