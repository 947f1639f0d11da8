import type { FieldReader, OutField } from '../protocol/fields';

/** What a message handler can see of the client connection that sent the message. */
export interface SimSession {
  readonly sessionId: number;
  readonly clientId: number;
  /** Negotiated server version (193). */
  readonly serverVersion: number;
  /** Sends one framed message; the first field is the incoming-message id (e.g. 3 for orderStatus). */
  send(fields: OutField[]): void;
  /** Sends an error message (id 4) as IB does: reqId (-1 for none), code, text, and advancedOrderRejectJson ''. */
  sendError(reqId: number, code: number, text: string): void;
  /** Closes this client's socket. */
  close(reason: string): void;
  readonly connected: boolean;
}

/** Handler for one outgoing-from-client message id. `r` is positioned just after the message id. */
export type MessageHandler = (session: SimSession, r: FieldReader) => void;

export interface HandlerRegistry {
  register(msgId: number, name: string, handler: MessageHandler): void;
}
