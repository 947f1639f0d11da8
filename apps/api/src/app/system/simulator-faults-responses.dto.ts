/**
 * Response shape of `POST /api/v1/system/simulator/faults` for the OpenAPI document. It implements the shared wire
 * type (libs/shared-dto/src/simulator-faults.dto.ts), so they cannot drift; the @nestjs/swagger plugin turns each
 * field's comment into its schema description.
 */
import type { ConnectionState, GatewayKind, SimulatorFarm, SimulatorFaultKind, SimulatorFaultResult, SimulatorRestartMode } from '@ibsc/shared-dto';

export class SimulatorFaultResultDto implements SimulatorFaultResult {
  /** restart, drop or farm. */
  kind!: SimulatorFaultKind;
  /** restart and farm: the downtime applied, in milliseconds; null for drop. */
  downMs!: number | null;
  /** restart: refuse or silent; null otherwise. */
  mode!: SimulatorRestartMode | null;
  /** farm: market or hmds; null otherwise. */
  farm!: SimulatorFarm | null;
  /** ISO time the fault was injected. */
  at!: string;
  /** Username of the admin who injected it (also in the warn-level `audit` log line). */
  by!: string;
  /** `simulator` (in-process), or `tws` for a standalone simulator reached through SIM_CONTROL_URL; a real gateway is refused with 409. */
  gatewayKind!: GatewayKind;
  /** The API's connection state when the answer was sent; the drop usually shows a moment later on `system.status`. */
  gatewayState!: ConnectionState;
}
