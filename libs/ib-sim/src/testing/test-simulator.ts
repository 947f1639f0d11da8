import { ManualClock } from '../clock';
import { CORE_SYMBOLS } from '../market';
import { startSimulator, type IbSimulator, type SimulatorOptions } from '../simulator';

/**
 * A simulator on 127.0.0.1, a random port, and a ManualClock unless one is given; no HTTP control unless
 * `controlPort` is given. Every other option goes to `startSimulator`, `marketStepMs` included (it sets the step of
 * the model the simulator builds; with `market` from `createTestMarket`, the step is that market's own).
 * For long ManualClock runs use a larger `marketStepMs` (see `createTestMarket`). A model it builds lists the core
 * eight underlyings unless `symbols` says otherwise (as `createTestMarket`).
 */
export async function startTestSimulator(
  opts: SimulatorOptions = {},
): Promise<IbSimulator & { clock: ManualClock }> {
  const clock = opts.clock instanceof ManualClock ? opts.clock : new ManualClock();
  const sim = await startSimulator({ controlPort: false, symbols: CORE_SYMBOLS, ...opts, host: '127.0.0.1', port: 0, clock });
  return sim as IbSimulator & { clock: ManualClock };
}
