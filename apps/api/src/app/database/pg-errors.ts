/** PostgreSQL SQLSTATE 23505: a unique index refused the row. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: unknown; driverError?: { code?: unknown } } | null;
  return err?.code === '23505' || err?.driverError?.code === '23505';
}

/** Socket errors of a connection to the database server that is refused, reset or unreachable. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
/** SQLSTATEs of a server that is down, starting, shutting down or full: class 08, 57P01-57P03, 53300. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
/** node-postgres' own messages for a lost or never-made connection. */
const PG_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated due to connection timeout)/;

/**
 * True when `e` (or what it wraps: TypeORM's driverError, an Error's cause, an AggregateError's errors) says the
 * database could not be reached. Such a request did nothing durable: it gets 503 with Retry-After, not 500.
 */
export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (e === null || typeof e !== 'object' || depth > 5) return false;
  const err = e as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof err.code === 'string' && (NETWORK_CODES.has(err.code) || UNAVAILABLE_SQLSTATE.test(err.code))) return true;
  if (typeof err.message === 'string' && PG_MESSAGES.test(err.message)) return true;
  if (err.driverError && isDatabaseUnavailable(err.driverError, depth + 1)) return true;
  if (err.cause && isDatabaseUnavailable(err.cause, depth + 1)) return true;
  return Array.isArray(err.errors) && err.errors.some((x) => isDatabaseUnavailable(x, depth + 1));
}
