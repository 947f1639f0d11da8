/**
 * The one error body every endpoint returns. `code` is stable (UPPER_SNAKE): clients branch on it, never on
 * `message`, which is for people and may be reworded (docs/api-versioning.md).
 */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  /** Machine-readable reason, e.g. VALIDATION_FAILED, UNAUTHENTICATED, RISK_MAX_LOSS_EXCEEDED, KILL_SWITCH_ON. */
  code: string;
  message: string;
  /** Per-field problems, e.g. [{ field: 'name', problems: ['name must be longer than or equal to 1 characters'] }]. */
  details?: Array<{ field: string; problems: string[] }>;
  requestId?: string;
}

/** The codes of errors not raised by a domain rule (the generic answers of each status). */
export const GENERIC_ERROR_CODES = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
} as const;
/** A request body or query that failed validation: `details` names each bad field. */
export const VALIDATION_FAILED = 'VALIDATION_FAILED';
/** The body is not parseable JSON. */
export const MALFORMED_JSON = 'MALFORMED_JSON';
/** The database could not be reached (503 with Retry-After). */
export const DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE';

export const API_PREFIX = '/api/v1';
