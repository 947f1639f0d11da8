/**
 * Error and information codes as TWS sends them in message 4 (id -1 means "not tied to a request").
 * Texts follow IB's message-code table and observed Gateway output (shared research tws-protocol.md §6).
 */
export const IbError = {
  MAX_RATE: { code: 100, text: 'Max rate of messages per second has been exceeded.' },
  MAX_TICKERS: { code: 101, text: 'Max number of tickers has been reached.' },
  HISTORICAL_PACING: {
    code: 162,
    text: 'Historical Market Data Service error message:Historical data request pacing violation',
  },
  HISTORICAL_NO_DATA: { code: 162, text: 'Historical Market Data Service error message:HMDS query returned no data' },
  HISTORICAL_CANCELLED: { code: 162, text: 'Historical Market Data Service error message:API historical data query cancelled' },
  NO_SECURITY_DEFINITION: { code: 200, text: 'No security definition has been found for the request.' },
  CANT_FIND_TICKER: { code: 300, text: "Can't find EId with ticker Id:" },
  READ_ERROR: { code: 320, text: 'Error reading request.' },
  VALIDATION_ERROR: { code: 321, text: 'Error validating request.' },
  PROCESSING_ERROR: { code: 322, text: 'Error processing request.' },
  CLIENT_ID_IN_USE: {
    code: 326,
    text: 'Unable to connect as the client id is already in use. Retry with a unique client id.',
  },
  NOT_SUBSCRIBED: {
    code: 354,
    text: 'Requested market data is not subscribed. Delayed market data is available.',
  },
  HISTORICAL_NOT_FOUND: { code: 366, text: 'No historical data query found for ticker id:' },
  CONNECTIVITY_LOST: { code: 1100, text: 'Connectivity between IB and Trader Workstation has been lost.' },
  CONNECTIVITY_RESTORED_LOST: {
    code: 1101,
    text: 'Connectivity between IB and Trader Workstation has been restored - data lost.',
  },
  CONNECTIVITY_RESTORED_KEPT: {
    code: 1102,
    text: 'Connectivity between IB and Trader Workstation has been restored - data maintained.',
  },
  /** The new port follows the text (IB's message-code table: "…on the new port - <port_num>"). */
  SOCKET_PORT_RESET: {
    code: 1300,
    text: 'TWS socket port has been reset and this connection is being dropped. Please reconnect on the new port - ',
  },
  MD_FARM_BROKEN: { code: 2103, text: 'Market data farm connection is broken:' },
  MD_FARM_OK: { code: 2104, text: 'Market data farm connection is OK:' },
  HMDS_FARM_BROKEN: { code: 2105, text: 'HMDS data farm connection is broken:' },
  HMDS_FARM_OK: { code: 2106, text: 'HMDS data farm connection is OK:' },
  SERVER_LINK_BROKEN: {
    code: 2110,
    text: 'Connectivity between Trader Workstation and server is broken. It will be restored automatically.',
  },
  SECDEF_FARM_OK: { code: 2158, text: 'Sec-def data farm connection is OK:' },
  DELAYED_DISPLAYED: {
    code: 10167,
    text: 'Requested market data is not subscribed. Displaying delayed market data.',
  },
  COMPETING_SESSION: { code: 10197, text: 'No market data during competing live session' },
} as const;

/** IB's "Error validating request.-'bW' : cause - …" wording. */
export function validationText(cause: string): string {
  return `${IbError.VALIDATION_ERROR.text}-'bW' : cause - ${cause}`;
}

/** IB's "Error processing request.-'bW' : cause - …" wording. */
export function processingText(cause: string): string {
  return `${IbError.PROCESSING_ERROR.text}-'bW' : cause - ${cause}`;
}
