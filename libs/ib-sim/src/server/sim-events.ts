/** Everything the simulator reports for logging and tests (`sim.events.on('ready', …)`). */
export interface SimEventMap {
  listening: [{ host: string; port: number }];
  connection: [{ sessionId: number; remote: string }];
  ready: [{ sessionId: number; clientId: number }];
  /** A startApi refused (326: the client id is held by a connected session); the socket is then closed. */
  refused: [{ sessionId: number; clientId: number; code: number; reason: string }];
  disconnect: [{ sessionId: number; clientId: number; reason: string }];
  protocolError: [{ sessionId: number; clientId: number; reason: string }];
  handlerError: [{ sessionId: number; msgId: number; error: Error }];
  fault: [{ name: string; detail: Record<string, unknown> }];
  stopped: [];
}
