import { HttpErrorResponse } from '@angular/common/http';
import type { ApiErrorBody } from '@ibsc/shared-dto';

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string' &&
    typeof (value as { statusCode?: unknown }).statusCode === 'number'
  );
}

/** The API's error body, when the failure came from the API. */
export function apiErrorBody(error: unknown): ApiErrorBody | null {
  return error instanceof HttpErrorResponse && isApiErrorBody(error.error) ? error.error : null;
}

/** One line a person can read, for any failed request. */
export function apiErrorMessage(error: unknown): string {
  const body = apiErrorBody(error);
  if (body) return body.message;
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) return 'Cannot reach the server. Is the API running?';
    return `Request failed (${error.status}${error.statusText ? ` ${error.statusText}` : ''}).`;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}
