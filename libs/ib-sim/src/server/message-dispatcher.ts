import { FieldReader, ProtocolError } from '../protocol/fields';
import { IbError, validationText } from '../protocol/error-codes';
import type { HandlerRegistry, MessageHandler, SimSession } from './handler-registry';

export type DispatchOutcome = 'handled' | 'unknown' | 'protocol-error' | 'handler-error';

/** The registry handlers are added to, and the dispatch of one decoded message to its handler. */
export class MessageDispatcher implements HandlerRegistry {
  private readonly handlers = new Map<number, { name: string; handler: MessageHandler }>();

  constructor(private readonly onHandlerError: (s: SimSession, msgId: number, e: Error) => void) {}

  register(msgId: number, name: string, handler: MessageHandler): void {
    const existing = this.handlers.get(msgId);
    if (existing) throw new Error(`message ${msgId} already handled by ${existing.name}`);
    this.handlers.set(msgId, { name, handler });
  }

  has(msgId: number): boolean {
    return this.handlers.has(msgId);
  }

  names(): Record<number, string> {
    return Object.fromEntries([...this.handlers].map(([id, h]) => [id, h.name]));
  }

  /** `fields[0]` is the message id. Never throws. */
  dispatch(session: SimSession, fields: string[]): DispatchOutcome {
    const msgId = Number(fields[0]);
    const entry = this.handlers.get(msgId);
    if (!entry) {
      session.sendError(-1, IbError.VALIDATION_ERROR.code, validationText(`Unsupported message id ${msgId}`));
      return 'unknown';
    }
    try {
      entry.handler(session, new FieldReader(fields.slice(1)));
      return 'handled';
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      if (err instanceof ProtocolError) {
        session.sendError(
          -1,
          IbError.READ_ERROR.code,
          `${IbError.READ_ERROR.text} Message id ${msgId}. Unable to parse data. ${err.message}`,
        );
        return 'protocol-error';
      }
      this.onHandlerError(session, msgId, err);
      session.sendError(-1, IbError.PROCESSING_ERROR.code, `${IbError.PROCESSING_ERROR.text}-'${msgId}' : cause - internal error`);
      return 'handler-error';
    }
  }
}
