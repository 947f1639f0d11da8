/**
 * The one seeded random generator of the project (mulberry32): small, fast, well distributed, the same sequence for
 * the same seed on every platform. The simulator's market and fill model, the synthetic chains of the scanner's
 * tests and benchmarks, and the console's grid benchmark all draw from it; nothing that must be reproducible calls
 * Math.random.
 */

/** A stream of uniform numbers in [0, 1) determined by the (32-bit) seed. */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
