import { HttpStatus } from '@nestjs/common';

/** An expected failure of a domain rule; the exception filter maps it to its HTTP status. */
export class DomainError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    message: string,
    readonly details?: Array<{ field: string; problems: string[] }>,
  ) {
    super(message);
  }
}

/** A refusal that passes with time (throttling, lockout): the filter adds Retry-After. */
export class RetryLaterError extends DomainError {
  constructor(status: HttpStatus, code: string, message: string, readonly retryAfterSec: number) {
    super(status, code, message);
  }
}
