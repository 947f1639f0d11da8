/**
 * Test helpers for other libraries' integration tests (`@ibsc/ib-sim/testing`): a simulator on a random port
 * driven by a ManualClock, and stoqey clients wired to it.
 */
export { IbEventLog, type LoggedEvent, type LoggedError } from './testing/ib-event-log';
export {
  connectTestClient,
  createTestClient,
  closeTestClient,
  type TestClient,
  type ConnectOptions,
} from './testing/ib-test-client';
export { RawClient } from './testing/raw-client';
export { startTestSimulator } from './testing/test-simulator';
export { createTestMarket, type TestMarketOptions } from './testing/test-market';
export { waitUntil, sleep, waitForMessagesRead } from './testing/wait';
export { stock, indexContract, nearMoneyOption, optionContract } from './testing/contracts';
export { SeededRandom } from './market/seeded-random';
