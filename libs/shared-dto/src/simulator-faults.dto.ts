/**
 * `POST /api/v1/system/simulator/faults` (admin): faults injected into the simulated gateway, in-process
 * (IB_GATEWAY=simulator) or standalone (IB_GATEWAY=tws with SIM_CONTROL_URL). class-validator only: bundled into the
 * browser.
 */
import { IsIn, IsInt, IsOptional, Max, Min, registerDecorator, type ValidationArguments } from 'class-validator';
import type { ConnectionState, GatewayKind } from './system-status';

/**
 * - `restart`: the gateway drops every client and refuses connections (or, `mode: 'silent'`, accepts and never
 *   answers) for `downMs`, then listens again on the same port;
 * - `drop`: the gateway closes this API's socket (the API reconnects at once with backoff);
 * - `farm`: a data farm reports broken (2103 / 2105; market data stops) and OK again after `downMs`.
 */
export const SIMULATOR_FAULT_KINDS = ['restart', 'drop', 'farm'] as const;
export type SimulatorFaultKind = (typeof SIMULATOR_FAULT_KINDS)[number];
export const SIMULATOR_RESTART_MODES = ['refuse', 'silent'] as const;
export type SimulatorRestartMode = (typeof SIMULATOR_RESTART_MODES)[number];
export const SIMULATOR_FARMS = ['market', 'hmds'] as const;
export type SimulatorFarm = (typeof SIMULATOR_FARMS)[number];
/** Longest downtime the API lets an operator inject. */
export const SIMULATOR_MAX_DOWN_MS = 60_000;
/** `downMs` when the body leaves it out. */
export const SIMULATOR_DEFAULT_DOWN_MS = 5_000;

/** The field may be given only with these kinds (a downtime on a `drop` would be silently meaningless). */
function OnlyForKinds(kinds: readonly SimulatorFaultKind[]) {
  return (target: object, propertyName: string): void =>
    registerDecorator({
      name: 'onlyForKinds',
      target: target.constructor,
      propertyName,
      constraints: [kinds],
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          value === undefined || kinds.includes((args.object as SimulatorFaultDto).kind),
        defaultMessage: () => `${propertyName} applies only to kind ${kinds.join(' or ')}`,
      },
    });
}

const DOWN_MS_MESSAGE = `downMs must be an integer from 0 to ${SIMULATOR_MAX_DOWN_MS} (milliseconds)`;

export class SimulatorFaultDto {
  /** What to inject: restart (gateway down for downMs), drop (this API's socket closed), farm (a data farm broken for downMs). */
  @IsIn(SIMULATOR_FAULT_KINDS, { message: `kind must be one of: ${SIMULATOR_FAULT_KINDS.join(', ')}` })
  kind!: SimulatorFaultKind;

  /** restart and farm: how long the gateway (or farm) stays down, in milliseconds, 0–60000. Default 5000. */
  @IsOptional()
  @IsInt({ message: DOWN_MS_MESSAGE })
  @Min(0, { message: DOWN_MS_MESSAGE })
  @Max(SIMULATOR_MAX_DOWN_MS, { message: DOWN_MS_MESSAGE })
  @OnlyForKinds(['restart', 'farm'])
  downMs?: number;

  /** restart only: `refuse` (connections refused, the default) or `silent` (accepted, never answered). */
  @IsOptional()
  @IsIn(SIMULATOR_RESTART_MODES, { message: `mode must be one of: ${SIMULATOR_RESTART_MODES.join(', ')}` })
  @OnlyForKinds(['restart'])
  mode?: SimulatorRestartMode;

  /** farm only: `market` (market data, the default) or `hmds` (historical data). */
  @IsOptional()
  @IsIn(SIMULATOR_FARMS, { message: `farm must be one of: ${SIMULATOR_FARMS.join(', ')}` })
  @OnlyForKinds(['farm'])
  farm?: SimulatorFarm;
}

/** The answer to an accepted fault: what was injected, by whom, and the connection state right after. */
export interface SimulatorFaultResult {
  kind: SimulatorFaultKind;
  /** restart and farm: the downtime applied; null for drop. */
  downMs: number | null;
  mode: SimulatorRestartMode | null;
  farm: SimulatorFarm | null;
  /** ISO time the fault was injected. */
  at: string;
  /** Username of the admin who injected it. */
  by: string;
  /** `simulator` (in-process) or `tws` (a standalone simulator behind SIM_CONTROL_URL). */
  gatewayKind: GatewayKind;
  /** The API's connection state when the answer was sent (the drop is usually noticed a moment later). */
  gatewayState: ConnectionState;
}
