import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ApiErrorBody } from '@ibsc/shared-dto';
import type { Response } from 'express';
import { isDatabaseUnavailable } from '../database/pg-errors';
import { DomainError } from './domain-error';
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
  503: 'Service Unavailable',
};

/** Seconds a client is told to wait (Retry-After) when the database cannot be reached. */
export const DATABASE_RETRY_AFTER_SEC = 5;

/**
 * The one place errors become HTTP: {statusCode, error, message, details?, requestId}. An error with a numeric
 * `retryAfterSec` (throttling, an outage) also sets Retry-After; a database that cannot be reached is a 503, not a 500.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const res = host.switchToHttp().getResponse<Response>();
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
    return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: REASONS[503], message: 'the database is unavailable; retry shortly' };
  }

  private toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof DomainError) {
      return { statusCode: exception.status, error: REASONS[exception.status] ?? 'Error', message: exception.message, code: exception.code, details: exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const body: ApiErrorBody = { statusCode: status, error: REASONS[status] ?? exception.name, message: exception.message };
      if (typeof response === 'object' && response !== null) {
        const r = response as { message?: unknown; details?: ApiErrorBody['details'] };
        if (Array.isArray(r.message)) body.message = r.message.join('; ');
        else if (typeof r.message === 'string') body.message = r.message;
        if (r.details) body.details = r.details;
      }
      return body;
    }
    // body-parser errors (malformed JSON, too large) carry a status and `expose`.
    const e = exception as { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown; type?: unknown };
    const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : 500;
    if (status >= 400 && status < 500) {
      const message = e.type === 'entity.parse.failed' ? 'request body is not valid JSON' : String(e.message ?? 'bad request');
      return { statusCode: status, error: REASONS[status] ?? 'Bad Request', message };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: REASONS[500], message: 'internal error' };
  }
}
