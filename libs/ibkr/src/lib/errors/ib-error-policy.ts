/**
 * Every IB message code the system can receive, mapped to a category and an action. The connection, the
 * coordinator and the line manager act on the action; the policy counts every code (Prometheus
 * `ibkr_api_errors_total{error_code}`) and keeps the last few for the status bar.
 */
export type IbErrorCategory =
  | 'connectivity'
  | 'farm-status'
  | 'pacing'
  | 'market-data-permission'
  | 'contract'
  | 'order'
  | 'informational';

/**
 * - `log`: note it, nothing else.
 * - `retry`: the request (or the connection) is tried again later.
 * - `resubscribe`: every market-data line is re-requested under fresh ticker ids.
 * - `fail-request`: the request with that id fails with a typed error.
 * - `alert`: someone must look (logged at error level and surfaced in health).
 */
export type IbErrorAction = 'log' | 'retry' | 'resubscribe' | 'fail-request' | 'alert';

export interface IbErrorRule {
  category: IbErrorCategory;
  action: IbErrorAction;
  /** What it means, for logs and the docs. */
  meaning: string;
}

const rule = (category: IbErrorCategory, action: IbErrorAction, meaning: string): IbErrorRule => ({ category, action, meaning });

/** The table. Codes not listed fall back to `classify`'s defaults. */
export const IB_ERROR_TABLE: Readonly<Record<number, IbErrorRule>> = {
  // --- pacing and limits
  100: rule('pacing', 'alert', 'max message rate exceeded (the coordinator should make this impossible)'),
  101: rule('pacing', 'fail-request', 'max number of market-data lines reached (the line manager should make this impossible)'),
  162: rule('pacing', 'retry', 'historical data pacing violation'),
  309: rule('pacing', 'fail-request', 'max number of market-depth requests reached'),
  420: rule('pacing', 'retry', 'invalid real-time query / pacing'),
  // --- contracts and requests
  200: rule('contract', 'fail-request', 'no security definition found / ambiguous contract'),
  300: rule('informational', 'log', "can't find ticker id (cancel of an unknown line)"),
  320: rule('contract', 'fail-request', 'error reading request'),
  321: rule('contract', 'fail-request', 'error validating request'),
  322: rule('contract', 'fail-request', 'error processing request (duplicate ticker id, too many requests …)'),
  366: rule('informational', 'log', 'no historical data query found for ticker id'),
  165: rule('informational', 'log', 'historical market data service query message'),
  // --- market-data permissions
  354: rule('market-data-permission', 'fail-request', 'requested market data is not subscribed'),
  10089: rule('market-data-permission', 'fail-request', 'market data requires additional subscription for API'),
  10090: rule('market-data-permission', 'log', 'part of requested market data is not subscribed'),
  10167: rule('market-data-permission', 'log', 'not subscribed: displaying delayed market data'),
  10168: rule('market-data-permission', 'fail-request', 'not subscribed and delayed market data is not enabled'),
  10197: rule('market-data-permission', 'alert', 'no market data during competing live session'),
  // --- orders
  103: rule('order', 'alert', 'duplicate order id'),
  104: rule('order', 'fail-request', "can't modify a filled order"),
  105: rule('order', 'fail-request', 'order being modified does not match original order'),
  110: rule('order', 'fail-request', 'price does not conform to the minimum price variation'),
  135: rule('order', 'log', "can't find order with id"),
  161: rule('order', 'log', 'cancel attempted when order is not in a cancellable state'),
  201: rule('order', 'fail-request', 'order rejected'),
  202: rule('order', 'log', 'order cancelled'),
  399: rule('order', 'log', 'order message / warning'),
  404: rule('order', 'log', 'shares for this order are not immediately available for short sale'),
  434: rule('order', 'fail-request', 'order size cannot be zero'),
  10147: rule('order', 'log', 'order id to cancel not found'),
  10148: rule('order', 'log', 'order cannot be cancelled (already cancelled or filled)'),
  10349: rule('order', 'log', 'order TIF was set to DAY based on order preset'),
  // --- connectivity and the client itself
  326: rule('connectivity', 'retry', 'client id already in use'),
  502: rule('connectivity', 'retry', "couldn't connect to TWS / socket error"),
  503: rule('connectivity', 'alert', 'TWS is out of date and must be upgraded'),
  504: rule('connectivity', 'retry', 'not connected'),
  505: rule('connectivity', 'alert', 'fatal decoding error (unprocessed data)'),
  506: rule('connectivity', 'alert', 'unsupported server version'),
  507: rule('connectivity', 'retry', 'bad message length'),
  1100: rule('connectivity', 'log', 'connectivity between IB and TWS lost (connection degraded, socket kept)'),
  1101: rule('connectivity', 'resubscribe', 'connectivity restored, data lost: resubscribe everything'),
  1102: rule('connectivity', 'log', 'connectivity restored, data maintained'),
  1300: rule('connectivity', 'retry', 'socket port reset; this connection is being dropped'),
  2110: rule('connectivity', 'log', 'connectivity between TWS and server broken; restores automatically'),
  // --- farms: shown, never a reason to reconnect
  2103: rule('farm-status', 'log', 'market data farm connection broken'),
  2104: rule('farm-status', 'log', 'market data farm connection OK'),
  2105: rule('farm-status', 'log', 'HMDS data farm connection broken'),
  2106: rule('farm-status', 'log', 'HMDS data farm connection OK'),
  2107: rule('farm-status', 'log', 'HMDS data farm connection inactive'),
  2108: rule('farm-status', 'log', 'market data farm connection inactive'),
  2119: rule('farm-status', 'log', 'market data farm is connecting'),
  2157: rule('farm-status', 'log', 'sec-def data farm connection broken'),
  2158: rule('farm-status', 'log', 'sec-def data farm connection OK'),
  2100: rule('informational', 'log', 'account data unsubscribed'),
  2109: rule('order', 'log', 'outside-RTH flag ignored'),
  2137: rule('informational', 'log', 'cross-side warning'),
};

/** Farm codes and whether they say "up". */
export const FARM_CODES: Readonly<Record<number, { farm: 'market' | 'hmds' | 'secdef'; ok: boolean }>> = {
  2103: { farm: 'market', ok: false },
  2104: { farm: 'market', ok: true },
  2108: { farm: 'market', ok: false },
  2119: { farm: 'market', ok: false },
  2105: { farm: 'hmds', ok: false },
  2106: { farm: 'hmds', ok: true },
  2107: { farm: 'hmds', ok: false },
  2157: { farm: 'secdef', ok: false },
  2158: { farm: 'secdef', ok: true },
};

export interface ClassifiedIbError extends IbErrorRule {
  code: number;
  reqId: number;
  message: string;
  at: number;
}

/** The rule for a code; the message refines 162 (no data is not a pacing problem). */
export function classifyIbError(code: number, message = ''): IbErrorRule {
  if (code === 162 && !/pacing violation/i.test(message)) {
    return /cancel/i.test(message)
      ? rule('informational', 'log', 'historical query cancelled')
      : rule('contract', 'fail-request', 'historical query returned no data');
  }
  const known = IB_ERROR_TABLE[code];
  if (known) return known;
  if (code >= 2100 && code < 3000) return rule('informational', 'log', 'TWS warning');
  if (code >= 10000 && code < 11000) return rule('informational', 'log', 'TWS notice');
  if (/warning/i.test(message)) return rule('informational', 'log', 'warning');
  return rule('informational', 'fail-request', 'unlisted error code');
}

/** Counts and remembers what the gateway said. */
export class IbErrorPolicy {
  private readonly counts = new Map<number, number>();
  private readonly recent: ClassifiedIbError[] = [];

  constructor(private readonly keepRecent = 50) {}

  record(code: number, reqId: number, message: string, at: number): ClassifiedIbError {
    const r: ClassifiedIbError = { ...classifyIbError(code, message), code, reqId, message, at };
    this.counts.set(code, (this.counts.get(code) ?? 0) + 1);
    // Farm "OK" chatter is counted but not kept among the recent errors shown to people.
    if (!(r.category === 'farm-status' && FARM_CODES[code]?.ok)) {
      this.recent.push(r);
      if (this.recent.length > this.keepRecent) this.recent.shift();
    }
    return r;
  }

  count(code: number): number {
    return this.counts.get(code) ?? 0;
  }

  countsByCode(): Record<number, number> {
    return Object.fromEntries(this.counts);
  }

  recentErrors(): readonly ClassifiedIbError[] {
    return this.recent;
  }

  lastError(): ClassifiedIbError | undefined {
    return this.recent[this.recent.length - 1];
  }
}
