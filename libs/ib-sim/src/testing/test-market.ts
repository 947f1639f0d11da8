import { ManualClock } from '../clock';
import { createMarketModel, type SimMarketModel } from '../market';

/**
 * One real market model and its ManualClock, to share between the simulators of a test file
 * (building the 25,000-option universe takes about half a second).
 */
export function createTestMarket(seed = 1): { clock: ManualClock; market: SimMarketModel } {
  const clock = new ManualClock();
  return { clock, market: createMarketModel({ clock, seed }) };
}
