/** HTTP-agnostic outcome classes of an order refusal; the API maps each to its status in one place. */
export const ORDERS_ERROR_STATUS = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNPROCESSABLE_ENTITY: 422,
  SERVICE_UNAVAILABLE: 503,
} as const;

/**
 * An expected refusal of the order domain, with a stable UPPER_SNAKE `code` (the API's error body carries it).
 * A plain Error: the library knows nothing of Nest's HttpException; the API's exception filter maps `status`,
 * `code`, `message` and `details` onto the one error body (ADR 0015).
 */
export class OrdersError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Array<{ field: string; problems: string[] }>,
  ) {
    super(message);
    this.name = 'OrdersError';
  }
}

/** Risk rule (RiskCheckView.rule) → the code of a refusal by that rule. */
export const RISK_REFUSAL_CODES: Readonly<Record<string, string>> = {
  kill_switch: 'KILL_SWITCH_ON',
  daily_loss_limit: 'RISK_DAILY_LOSS_LIMIT_REACHED',
  max_contracts: 'RISK_MAX_CONTRACTS_EXCEEDED',
  max_loss_per_trade: 'RISK_MAX_LOSS_EXCEEDED',
  max_open_per_underlying: 'RISK_MAX_OPEN_PER_UNDERLYING_EXCEEDED',
  leg_spread_circuit: 'RISK_LEG_SPREAD_CIRCUIT_OPEN',
  underlying_move_circuit: 'RISK_UNDERLYING_MOVE_CIRCUIT_OPEN',
};
/** A refusal by a rule missing from the table above. */
export const RISK_REFUSED = 'RISK_REFUSED';

export function isRiskRefusal(e: unknown): e is OrdersError {
  return e instanceof OrdersError && (e.code === RISK_REFUSED || Object.values(RISK_REFUSAL_CODES).includes(e.code));
}

const S = ORDERS_ERROR_STATUS;
export const OrdersErrors = {
  idempotencyKeyReused: (key: string) =>
    new OrdersError(S.CONFLICT, 'IDEMPOTENCY_KEY_REUSED', `Idempotency-Key "${key}" was already used for a different request`, [
      { field: 'Idempotency-Key', problems: [`"${key}" was used with a different body; generate a new key for a new order`] },
    ]),
  /** `rule` is the first failed risk rule; it names the code (e.g. max_loss_per_trade → RISK_MAX_LOSS_EXCEEDED). */
  riskRefused: (message: string, rule?: string) =>
    new OrdersError(S.UNPROCESSABLE_ENTITY, (rule && RISK_REFUSAL_CODES[rule]) || RISK_REFUSED, `order refused by the risk guard: ${message}`),
  stateUnknown: (id: string) =>
    new OrdersError(S.CONFLICT, 'ORDER_STATE_UNKNOWN', `order ${id} is being reconciled after a disconnect; it cannot be modified or cancelled until its fate is known`),
  notFound: (id: string) => new OrdersError(S.NOT_FOUND, 'ORDER_NOT_FOUND', `no order with id ${id}`),
  notActive: (id: string, status: string) => new OrdersError(S.CONFLICT, 'ORDER_NOT_ACTIVE', `order ${id} is ${status}; only working orders can be changed`),
  invalidSpread: (message: string) => new OrdersError(S.BAD_REQUEST, 'INVALID_SPREAD', message, [{ field: 'legs', problems: [message] }]),
  positionNotFound: (id: string) => new OrdersError(S.NOT_FOUND, 'POSITION_NOT_FOUND', `no spread position with id ${id} (the id is the opening order's id: positionKey in GET /positions)`),
  positionNotOpen: (id: string) => new OrdersError(S.CONFLICT, 'POSITION_NOT_OPEN', `position ${id} is flat: nothing to close`),
  quantityAboveOpen: (quantity: number, open: number) =>
    new OrdersError(S.BAD_REQUEST, 'QUANTITY_ABOVE_OPEN', `quantity ${quantity} is more than the ${open} spreads open`, [{ field: 'quantity', problems: [`at most ${open} (the open quantity)`] }]),
  closeWorking: (id: string, orderId: string) =>
    new OrdersError(S.CONFLICT, 'CLOSE_ALREADY_WORKING', `a close of position ${id} is already working (order ${orderId}): modify or cancel it instead of sending another`),
  positionNoQuote: (id: string) =>
    new OrdersError(S.CONFLICT, 'NO_QUOTE', `no two-sided quote for every leg of position ${id}: the closing limit cannot be priced (give priceMode manual and a limit)`),
  /** A request the order needs got no answer (disconnected, stopped, timed out): nothing was placed; retry shortly. */
  gatewayUnavailable: (message: string) => new OrdersError(S.SERVICE_UNAVAILABLE, 'GATEWAY_UNAVAILABLE', `the gateway did not answer: ${message}`),
};
