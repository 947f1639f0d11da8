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

/** Drives the clock (and real I/O) until the promise settles; its value, or its error thrown. */
export async function settleOnClock<T>(clock: AdvanceableClock, p: Promise<T>, maxMs = 60_000): Promise<T> {
  let done = false;
  let value: T | undefined;
  let error: unknown;
  p.then(
    (v) => ((done = true), (value = v)),
    (e) => ((done = true), (error = e)),
  );
  await driveUntil(clock, () => done, { maxMs, stepMs: 25, realMs: 30_000, what: 'operation' });
  if (error) throw error;
  return value as T;
}

/**
 * Drives the clock in `stepMs` strides (each in `tickMs` ticks with I/O between) until an asynchronous condition
 * holds (a database read, a view); fails after `maxMs` of clock time.
 */
export async function untilOnClock(
  clock: AdvanceableClock,
  pred: () => Promise<boolean> | boolean,
  what: string,
  opts: { maxMs?: number; stepMs?: number; tickMs?: number } = {},
): Promise<void> {
  const maxMs = opts.maxMs ?? 120_000;
  const start = clock.now();
  while (!(await pred())) {
    if (clock.now() - start > maxMs) throw new Error(`${what} not within ${maxMs} ms of clock time`);
    await drive(clock, opts.stepMs ?? 250, opts.tickMs ?? 50);
  }
}

/**
 * Moves the clock at the pace of real time until an asynchronous condition holds; fails after `maxMs` of clock
 * (so also of real) time. For a recovery that is mostly real I/O (a new database connection, kept events applied, a
 * reconciliation) around a timer on the clock: driven in fixed strides, a loaded machine's slow I/O would turn into
 * seconds of clock time the product never spent.
 */
export async function untilInRealTime(clock: AdvanceableClock, pred: () => Promise<boolean> | boolean, what: string, opts: { maxMs?: number; pollMs?: number } = {}): Promise<void> {
  const maxMs = opts.maxMs ?? 30_000;
  const start = clock.now();
  let last = Date.now();
  while (!(await pred())) {
    if (clock.now() - start > maxMs) throw new Error(`${what} not within ${maxMs} ms of clock time (following real time)`);
    await flushIo(opts.pollMs ?? 20);
    const now = Date.now();
    clock.advance(now - last);
    last = now;
  }
}
