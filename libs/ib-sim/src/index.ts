export { SERVER_VERSION as SIM_SERVER_VERSION } from './protocol/message-ids';
export { startSimulator, type IbSimulator, type SimulatorOptions, type SimulatorCounts } from './simulator';
export type {
  FaultController,
  FaultStatus,
  RestartOptions,
  Farm,
  SilenceOptions,
  ServerLinkOptions,
} from './faults/fault-controller';
export { DEFAULT_LIMITS, type SimLimits } from './server/sim-limits';
export {
  SIM_TIMING_PRESETS,
  SIM_TIMING_PRESET_NAMES,
  resolveTimings,
  type DelayRange,
  type SimTimingPreset,
  type SimTimings,
  type SimTimingsInput,
} from './market-data/sim-timings';
export type { SimEventMap } from './server/sim-events';
export {
  SESSION_RECORD_LIMIT,
  type ClientIdSessions,
  type GroupSessions,
  type SessionRecord,
  type SessionStats,
} from './server/session-ledger';
export type {
  SimContext,
  RegisterExtension,
  OrderIdSequence,
  OrderFaultHooks,
  SessionDirectory,
} from './server/sim-context';
export type { HandlerRegistry, MessageHandler, SimSession } from './server/handler-registry';
export { FieldReader, encodeField, UNSET_DOUBLE, UNSET_INTEGER, ProtocolError, type OutField } from './protocol/fields';
export { CONTROL_ROUTES } from './control/control-http';
export * from './market';
export * from './clock';
export type { OrderEngine, OrderSnapshot, ExecutionRecord, OrderEngineConfigInput } from './orders';
