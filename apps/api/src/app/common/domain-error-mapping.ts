import { HttpStatus } from '@nestjs/common';
import { IbRequestError } from '@ibsc/ibkr';
import { OrdersError } from '@ibsc/orders';
import { PreviewBudgetError, PreviewBusyError, ScannerUnavailableError, ScanRequestError } from '@ibsc/scanner';
import { DomainError, RetryLaterError } from './domain-error';

/**
 * The one mapping from the domain libraries' errors to HTTP (ADR 0015). The libraries throw plain Errors with a
 * code (libs/orders) or a class per refusal (libs/scanner, libs/ibkr); only the API knows statuses and bodies.
 * Returns the error unchanged when it is not a domain error.
 */
export function toDomainError(e: unknown): unknown {
  if (e instanceof DomainError) return e;
  if (e instanceof OrdersError) return new DomainError(e.status, e.code, e.message, e.details);
  if (e instanceof PreviewBusyError) return new RetryLaterError(HttpStatus.TOO_MANY_REQUESTS, 'PREVIEW_BUSY', e.message, 2);
  if (e instanceof PreviewBudgetError) return new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'PREVIEW_BUDGET_EXCEEDED', e.message);
  if (e instanceof ScanRequestError) return new DomainError(HttpStatus.BAD_REQUEST, 'INVALID_SCAN_REQUEST', e.message, e.problems);
  if (e instanceof ScannerUnavailableError) return new DomainError(HttpStatus.SERVICE_UNAVAILABLE, 'SCANNER_UNAVAILABLE', e.message);
  if (e instanceof IbRequestError) return new DomainError(HttpStatus.SERVICE_UNAVAILABLE, 'GATEWAY_UNAVAILABLE', `the gateway did not answer: ${e.message}`);
  return e;
}
