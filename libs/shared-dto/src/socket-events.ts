import type { SystemStatus } from './system-status';

/** Events the server emits on Socket.IO. Names are `area.event`. */
export interface ServerToClientEvents {
  'system.status': (status: SystemStatus) => void;
  'system.error': (error: { message: string }) => void;
}

/** Events the browser may send. Every payload is validated server-side. */
export interface ClientToServerEvents {
  'system.ping': (ack: (reply: { at: string }) => void) => void;
}

/** Socket.IO path and heartbeat period, shared by both ends. */
export const SOCKET_PATH = '/socket.io';
export const SYSTEM_STATUS_INTERVAL_MS = 2000;
