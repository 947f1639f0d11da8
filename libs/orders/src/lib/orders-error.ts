import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * An expected refusal of the order domain. Extends HttpException so the API's one exception filter maps it to
 * {statusCode, message, details} without libs/orders importing the app.
 */
export class OrdersError extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: string,
    message: string,
    readonly details?: Array<{ field: string; problems: string[] }>,
  ) {
    super({ message, code, details }, status);
  }
}

export const OrdersErrors = {
  idempotencyKeyReused: (key: string) =>
    new OrdersError(HttpStatus.CONFLICT, 'idempotency_key_reused', `Idempotency-Key "${key}" was already used for a different request`, [
      { field: 'Idempotency-Key', problems: [`"${key}" was used with a different body; generate a new key for a new order`] },
    ]),
  riskRefused: (message: string) => new OrdersError(HttpStatus.UNPROCESSABLE_ENTITY, 'risk_refused', `order refused by the risk guard: ${message}`),
  stateUnknown: (id: string) =>
    new OrdersError(HttpStatus.CONFLICT, 'order_state_unknown', `order ${id} is being reconciled after a disconnect; it cannot be modified or cancelled until its fate is known`),
  notFound: (id: string) => new OrdersError(HttpStatus.NOT_FOUND, 'order_not_found', `no order with id ${id}`),
  notActive: (id: string, status: string) => new OrdersError(HttpStatus.CONFLICT, 'order_not_active', `order ${id} is ${status}; only working orders can be changed`),
  invalidSpread: (message: string) => new OrdersError(HttpStatus.BAD_REQUEST, 'invalid_spread', message, [{ field: 'legs', problems: [message] }]),
  /** A request the order needs got no answer (disconnected, stopped, timed out): nothing was placed; retry shortly. */
  gatewayUnavailable: (message: string) => new OrdersError(HttpStatus.SERVICE_UNAVAILABLE, 'gateway_unavailable', `the gateway did not answer: ${message}`),
};
