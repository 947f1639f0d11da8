/**
 * Polls `pred` on real time until it holds (the simulator may run on a ManualClock; this only waits for I/O). The one
 * wait-for-a-condition of the tests: a synchronous predicate is polled every 5 ms, one that returns a promise (an
 * HTTP or database round trip) every 50 ms unless `intervalMs` says otherwise.
 */
export async function waitUntil(pred: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'condition', intervalMs?: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = pred();
    const async = r instanceof Promise;
    if (async ? await r : r) return;
    if (Date.now() > end) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, intervalMs ?? (async ? 50 : 5)));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Resolves once the simulator has read `total` client messages in all (`sim.counts().messagesReceived`). Use it
 * before moving a ManualClock, so requests just sent are read at the clock time the test means (a request read
 * after the last `advance` waits for the next one: with `historicalLatencyMs`, for instance, it is never answered).
 */
export function waitForMessagesRead(
  sim: { counts(): { messagesReceived: number } },
  total: number,
  timeoutMs = 3000,
): Promise<void> {
  return waitUntil(() => sim.counts().messagesReceived >= total, timeoutMs, `${total} client messages read`);
}
