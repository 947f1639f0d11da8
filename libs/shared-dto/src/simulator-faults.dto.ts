/**
 * `POST /api/v1/system/simulator/faults` (admin): faults injected into the simulated gateway, in-process
 * (IB_GATEWAY=simulator) or standalone (IB_GATEWAY=tws with SIM_CONTROL_URL). Plain types; the API validates the
 * body with apps/api/src/app/system/simulator-faults.dto.ts.
 */
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

export interface SimulatorFaultDto {
  /** What to inject: restart (gateway down for downMs), drop (this API's socket closed), farm (a data farm broken for downMs). */
  kind: SimulatorFaultKind;

  /** restart and farm: how long the gateway (or farm) stays down, in milliseconds, 0–60000. Default 5000. */
  downMs?: number;

  /** restart only: `refuse` (connections refused, the default) or `silent` (accepted, never answered). */
  mode?: SimulatorRestartMode;

  /** farm only: `market` (market data, the default) or `hmds` (historical data). */
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
