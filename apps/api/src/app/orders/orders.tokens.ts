/** The order engine of this app (libs/orders' OrdersEngine wired to the connection layer). */
export const ORDERS_ENGINE = Symbol('ORDERS_ENGINE');
