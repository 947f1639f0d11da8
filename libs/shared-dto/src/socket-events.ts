import type {
  ScanDeltaEvent,
  ScanErrorEvent,
  ScanResyncReply,
  ScanResyncRequest,
  ScanSnapshotEvent,
  ScanStatusEvent,
  ScanVisibleReply,
  ScanVisibleRequest,
} from './scan.dto';
import type { KillSwitchView, OrderFillEvent, OrderRejectEvent, OrderView, PositionsView } from './orders.dto';
import type { SystemStatus } from './system-status';

/** Events the server emits on Socket.IO. Names are `area.event`. */
export interface ServerToClientEvents {
  'system.status': (status: SystemStatus) => void;
  'system.error': (error: { message: string }) => void;
  /** The whole result set; sent on subscribe and on resync. */
  'scan.snapshot': (snapshot: ScanSnapshotEvent) => void;
  /** Changes since the previous seq. */
  'scan.delta': (delta: ScanDeltaEvent) => void;
  'scan.status': (status: ScanStatusEvent) => void;
  'scan.error': (error: ScanErrorEvent) => void;
  /** An order changed (status, fill, modify); the whole view. */
  'orders.update': (order: OrderView) => void;
  'orders.fill': (fill: OrderFillEvent) => void;
  'orders.reject': (reject: OrderRejectEvent) => void;
  'risk.killSwitch': (state: KillSwitchView) => void;
  /**
   * Open spreads with live marks and P&L, the same view as `GET /api/v1/positions`: right after every fill, and every
   * POSITIONS_PUSH_INTERVAL_MS (default 2 s) while a client is connected and a position is open.
   */
  'positions.update': (positions: PositionsView) => void;
}

/** Events the browser may send. Every payload is validated server-side. */
export interface ClientToServerEvents {
  'system.ping': (ack: (reply: { at: string }) => void) => void;
  /** Ask for what was missed after a sequence gap (or a reconnect). */
  'scan.resync': (request: ScanResyncRequest, ack: (reply: ScanResyncReply) => void) => void;
  /** The rows this client shows or selected (ids, at most 200): their legs are kept on streaming lines (ADR 0017). */
  'scan.visible': (request: ScanVisibleRequest, ack: (reply: ScanVisibleReply) => void) => void;
}

/** Socket.IO path and heartbeat period, shared by both ends. */
export const SOCKET_PATH = '/socket.io';
export const SYSTEM_STATUS_INTERVAL_MS = 2000;
