export * from './api-error';
export * from './auth.dto';
export * from './orders.dto';
export * from './preset.dto';
export * from './scan.dto';
export * from './socket-events';
export * from './system-status';
export * from './simulator-faults.dto';
