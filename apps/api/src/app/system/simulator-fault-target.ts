import type { IbSimulator } from '@ibsc/ib-sim';
import type { SimulatorFarm, SimulatorRestartMode } from '@ibsc/shared-dto';

/**
 * Where admin fault drills go: the API's in-process simulator (`npm start`) or a standalone simulator's HTTP control
 * endpoint (SIM_CONTROL_URL, apps/ib-sim). Both call the same `sim.faults` methods in the end.
 */
export interface SimulatorFaultTarget {
  /** For messages and the audit line: `in-process` or the control URL. */
  readonly where: string;
  restart(downSeconds: number, mode: SimulatorRestartMode): Promise<void>;
  flapFarm(farm: SimulatorFarm, downSeconds: number): Promise<void>;
  /** False when that client id has no session at the simulator. */
  dropClient(clientId: number): Promise<boolean>;
}

export function inProcessFaultTarget(sim: IbSimulator): SimulatorFaultTarget {
  return {
    where: 'in-process',
    restart: (downSeconds, mode) => sim.faults.restart({ downSeconds, mode }),
    flapFarm: async (farm, downSeconds) => void sim.faults.flapFarm(farm, downSeconds),
    dropClient: async (clientId) => sim.faults.dropClient(clientId),
  };
}
