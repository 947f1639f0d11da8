/** Why a request did not get its answer. Every failure of the coordinator is one of these, never a hang. */
export type IbRequestFailure =
  /** The connection went away before the request could be sent (safe to submit again). */
  | 'disconnected'
  /** Submitted while the connection could not take it (e.g. an order during 1100). */
  | 'not-ready'
  /** Sent, then the connection went away: the outcome is unknown (orders must reconcile). */
  | 'outcome-unknown'
  /** No complete answer within its timeout. */
  | 'timeout'
  /** The gateway answered with an error for this request. */
  | 'rejected'
  /** The layer was stopped. */
  | 'stopped';

export class IbRequestError extends Error {
  override readonly name = 'IbRequestError';

  constructor(
    readonly failure: IbRequestFailure,
    readonly kind: string,
    message: string,
    /** IB's code when the gateway rejected the request. */
    readonly code: number | null = null,
    /** Whether any message of this request reached the socket. */
    readonly sent = false,
  ) {
    super(message);
  }
}
