import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { type ApiErrorBody, DATABASE_UNAVAILABLE, GENERIC_ERROR_CODES, MALFORMED_JSON, VALIDATION_FAILED } from '@ibsc/shared-dto';
import type { Response } from 'express';
import { isDatabaseUnavailable } from '../database/pg-errors';
import { DomainError } from './domain-error';
import { toDomainError } from './domain-error-mapping';
import { requestContext } from './request-context';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Seconds a client is told to wait (Retry-After) when the database cannot be reached. */
export const DATABASE_RETRY_AFTER_SEC = 5;

/** The generic code of a status that no domain rule named. */
export function genericCode(status: number): string {
  return (GENERIC_ERROR_CODES as Record<number, string>)[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
}

/**
 * The one place errors become HTTP: {statusCode, error, code, message, details?, requestId}. Domain errors of the
 * libraries are mapped by toDomainError (their code kept); Nest's own exceptions get the generic code of their status
 * (a failed validation: VALIDATION_FAILED). An error with a numeric `retryAfterSec` (throttling, an outage) also
 * sets Retry-After; a database that cannot be reached is a 503, not a 500.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('errors');

  catch(raw: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const res = host.switchToHttp().getResponse<Response>();
    const exception = toDomainError(raw);
    const unavailable = isDatabaseUnavailable(exception);
    const body = unavailable ? this.databaseUnavailable() : this.toBody(exception);
    body.requestId = requestContext.getStore()?.requestId;
    if (unavailable) {
      this.logger.warn({ msg: 'database unavailable: answered 503', error: exception instanceof Error ? exception.message : String(exception) });
    } else if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? exception : String(exception));
    }
    if (res.headersSent) return;
    const retryAfter = unavailable ? DATABASE_RETRY_AFTER_SEC : (exception as { retryAfterSec?: unknown } | null)?.retryAfterSec;
    if (typeof retryAfter === 'number' && retryAfter > 0) res.setHeader('Retry-After', String(Math.ceil(retryAfter)));
    // Every other 503 is temporary too (gateway, session owner, fail-over): say when to retry.
    else if (body.statusCode === 503) res.setHeader('Retry-After', '1');
    res.status(body.statusCode).json(body);
  }

  private databaseUnavailable(): ApiErrorBody {
    return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: REASONS[503], code: DATABASE_UNAVAILABLE, message: 'the database is unavailable; retry shortly' };
  }

  private toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof DomainError) {
      return { statusCode: exception.status, error: REASONS[exception.status] ?? 'Error', code: exception.code, message: exception.message, details: exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const body: ApiErrorBody = { statusCode: status, error: REASONS[status] ?? exception.name, code: genericCode(status), message: exception.message };
      if (typeof response === 'object' && response !== null) {
        const r = response as { message?: unknown; details?: ApiErrorBody['details']; code?: unknown };
        if (Array.isArray(r.message)) body.message = r.message.join('; ');
        else if (typeof r.message === 'string') body.message = r.message;
        if (r.details) body.details = r.details;
        if (typeof r.code === 'string') body.code = r.code;
        else if (status === 400 && r.details) body.code = VALIDATION_FAILED;
      }
      return body;
    }
    // body-parser errors (malformed JSON, too large) carry a status and `expose`.
    const e = exception as { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown; type?: unknown };
    const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : 500;
    if (status >= 400 && status < 500) {
      const malformed = e.type === 'entity.parse.failed';
      const message = malformed ? 'request body is not valid JSON' : String(e.message ?? 'bad request');
      return { statusCode: status, error: REASONS[status] ?? 'Bad Request', code: malformed ? MALFORMED_JSON : genericCode(status), message };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: REASONS[500], code: genericCode(500), message: 'internal error' };
  }
}
