import { InjectionToken } from '@angular/core';
import { type ClientToServerEvents, type ServerToClientEvents, SOCKET_PATH } from '@ibsc/shared-dto';
import { io, type Socket } from 'socket.io-client';

/** The typed Socket.IO client the console uses. */
export type StatusSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Opens an authenticated socket. Replaced by a fake in tests. */
export type StatusSocketFactory = (token: string) => StatusSocket;

export const STATUS_SOCKET_FACTORY = new InjectionToken<StatusSocketFactory>('STATUS_SOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => (token: string) =>
    io({ path: SOCKET_PATH, auth: { token }, transports: ['websocket'], reconnectionDelayMax: 5000 }),
});
