/**
 * Test helpers for the connection layer (`@ibsc/ibkr/testing`): drive a manual clock while real sockets talk,
 * a TCP proxy for network faults, a runtime wired to a simulator, a state recorder and the in-memory order-id store.
 */
export { drive, driveUntil, flushIo, settleOnClock, untilInRealTime, untilOnClock, waitReal, type AdvanceableClock } from './testing/drive';
export { startTcpProxy, type TcpProxy } from './testing/tcp-proxy';
export { createTestRuntime, StateRecorder } from './testing/test-runtime';
export { InMemoryOrderIdStore } from './lib/orders/order-id-store';
export { SPY_STOCK, stock, byConId } from './testing/contracts';
export { runBurstBenchmark, type BurstBenchResult } from './testing/burst-bench';
