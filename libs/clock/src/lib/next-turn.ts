/**
 * The next turn of the event loop: resolves from a `setImmediate`, after the I/O callbacks already queued. Long
 * work (scoring, a warm-up, a publication) awaits it between slices so requests and socket reads are served in
 * between; a stop awaits it so sockets' close callbacks run first. It goes through the global `setImmediate`, which
 * Jest's fake timers replace, like every other timer of the code under test.
 */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
