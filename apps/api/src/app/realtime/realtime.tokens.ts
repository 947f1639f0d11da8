/** Period of the `system.status` heartbeat in ms; default SYSTEM_STATUS_INTERVAL_MS (tests lengthen it). */
export const STATUS_HEARTBEAT_MS = Symbol('STATUS_HEARTBEAT_MS');
/** At most one pushed `system.status` per this many ms during a burst of changes (the last one always goes out). */
export const STATUS_PUSH_MIN_INTERVAL_MS = 100;
