/** The one error body every endpoint returns. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** A stable machine-readable reason, e.g. API_KEY_REVOKED, INSUFFICIENT_SCOPE, RATE_LIMITED. */
  code?: string;
  /** Per-field problems, e.g. [{ field: 'name', problems: ['name must be longer than or equal to 1 characters'] }]. */
  details?: Array<{ field: string; problems: string[] }>;
  requestId?: string;
}

export const API_PREFIX = '/api/v1';
