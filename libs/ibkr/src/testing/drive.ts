/** A clock that tests move by hand (libs/ib-sim's ManualClock fits). */
export interface AdvanceableClock {
  now(): number;
  advance(ms: number): void;
}

/** Lets real socket I/O happen (the simulator and the client talk over TCP on loopback). */
export function flushIo(ms = 1): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Moves a manual clock forward in steps, letting real I/O run between steps. */
export async function drive(clock: AdvanceableClock, ms: number, stepMs = 50): Promise<void> {
  const end = clock.now() + ms;
  while (clock.now() < end) {
    clock.advance(Math.min(stepMs, end - clock.now()));
    await flushIo();
  }
  await flushIo();
}

/**
 * Drives the clock until `pred` holds; fails after `maxMs` of clock time (or `realMs` of real time).
 * Returns the clock time it took.
 */
export async function driveUntil(
  clock: AdvanceableClock,
  pred: () => boolean,
  opts: { maxMs?: number; stepMs?: number; realMs?: number; what?: string } = {},
): Promise<number> {
  const start = clock.now();
  const maxMs = opts.maxMs ?? 30_000;
  const realEnd = Date.now() + (opts.realMs ?? 20_000);
  for (;;) {
    await flushIo();
    if (pred()) return clock.now() - start;
    if (clock.now() - start >= maxMs || Date.now() > realEnd) {
      throw new Error(`${opts.what ?? 'condition'} not met within ${clock.now() - start} ms of clock time`);
    }
    clock.advance(opts.stepMs ?? 50);
  }
}

/** Waits on real time only (for I/O that needs no clock movement). */
export async function waitReal(pred: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await flushIo(2);
  }
}
