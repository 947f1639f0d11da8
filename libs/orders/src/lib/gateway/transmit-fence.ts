/**
 * The last check before bytes leave for the gateway. The API's replicated deployment (ADR 0010) holds the session
 * row in share mode while it verifies that this process still owns the session at its epoch and transmits, so a
 * take-over waits for a transmission in flight and a deposed owner transmits nothing. A single process has none.
 */
export interface TransmitFence {
  transmit<T>(send: () => Promise<T>): Promise<T>;
}

/** This process no longer owns the IB session: nothing was sent. */
export class SessionFencedError extends Error {}

export const NO_FENCE: TransmitFence = { transmit: (send) => send() };
