/** Polls `pred` on real time (the simulator may run on a ManualClock; this only waits for I/O). */
export async function waitUntil(pred: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
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
