import type {
  ClientToServerEvents,
  KillSwitchView,
  OrderFillEvent,
  OrderRejectEvent,
  OrderView,
  PositionsView,
  ScanDeltaEvent,
  ScanErrorEvent,
  ScanResyncReply,
  ScanResyncRequest,
  ScanSnapshotEvent,
  ScanStatusEvent,
  ScanVisibleReply,
  ScanVisibleRequest,
  ServerToClientEvents,
  SystemStatus,
} from '@ibsc/shared-dto';

/**
 * The Socket.IO event map as data types: the input of the AsyncAPI payload schemas (`npm run asyncapi:schemas`
 * writes socket-payload-schemas.json from it with ts-json-schema-generator, which cannot read function parameters).
 * The compile-time checks below make these maps equal to the typed event map in libs/shared-dto: a new or changed
 * event fails the typecheck until it is listed here, and the drift test fails until the schemas are regenerated.
 */
export interface ServerEventPayloads {
  'system.status': SystemStatus;
  'system.error': SystemErrorPayload;
  'scan.snapshot': ScanSnapshotEvent;
  'scan.delta': ScanDeltaEvent;
  'scan.status': ScanStatusEvent;
  'scan.error': ScanErrorEvent;
  'orders.update': OrderView;
  'orders.fill': OrderFillEvent;
  'orders.reject': OrderRejectEvent;
  'risk.killSwitch': KillSwitchView;
  'positions.update': PositionsView;
}

export interface SystemErrorPayload {
  message: string;
}

/** The client's time check: no payload, only the acknowledgement. */
export interface PingReply {
  /** The server's time, ISO 8601. */
  at: string;
}

/** What a client sends (null: nothing but the acknowledgement callback) and what the acknowledgement carries. */
export interface ClientEventPayloads {
  'system.ping': { request: null; reply: PingReply };
  'scan.resync': { request: ScanResyncRequest; reply: ScanResyncReply };
  'scan.visible': { request: ScanVisibleRequest; reply: ScanVisibleReply };
}

export interface SocketPayloads {
  server: ServerEventPayloads;
  client: ClientEventPayloads;
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Ack<F> = F extends (...args: infer A) => void ? (A extends [...unknown[], (reply: infer R) => void] ? R : never) : never;
type DerivedServer = { [K in keyof ServerToClientEvents]: Parameters<ServerToClientEvents[K]>[0] };
type DerivedClient = {
  [K in keyof ClientToServerEvents]: { request: Parameters<ClientToServerEvents[K]> extends [infer R, unknown] ? R : null; reply: Ack<ClientToServerEvents[K]> };
};
/** Compile-time: the lists above are the event map, no more, no less. */
export const PAYLOAD_MAPS_MATCH: [Same<ServerEventPayloads, DerivedServer>, Same<keyof ServerEventPayloads, keyof ServerToClientEvents>, Same<ClientEventPayloads, DerivedClient>] = [true, true, true];
