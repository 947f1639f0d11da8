import { Injectable, NestMiddleware } from '@nestjs/common';
import type { ApiErrorBody } from '@ibsc/shared-dto';
import type { NextFunction, Request, Response } from 'express';
import { requestContext } from '../common/request-context';
import { CommandOutcomeUnknownError, DatabaseUnreachableError, NoOwnerError } from './command-bus';
import { LOOPBACK_HEADER, SessionRolesService } from './session-roles.service';

/**
 * The routes that need the IB session (the gateway, the scan's memory, the order loop): a standby forwards them to
 * the owner; reads of the database (orders, trades, presets, users) are answered by any replica.
 */
export const SESSION_ROUTES: ReadonlyArray<{ method: string; path: RegExp }> = [
  { method: 'POST', path: /^\/api\/v1\/orders(\/preview)?$/ },
  { method: 'PATCH', path: /^\/api\/v1\/orders\/[^/]+$/ },
  { method: 'DELETE', path: /^\/api\/v1\/orders\/[^/]+$/ },
  { method: 'GET', path: /^\/api\/v1\/positions$/ },
  { method: 'POST', path: /^\/api\/v1\/positions\/[^/]+\/close$/ },
  { method: 'GET', path: /^\/api\/v1\/risk$/ },
  { method: 'POST', path: /^\/api\/v1\/risk\/kill-switch$/ },
  { method: '*', path: /^\/api\/v1\/scan\// },
  { method: 'GET', path: /^\/api\/v1\/system\/status$/ },
  { method: 'POST', path: /^\/api\/v1\/system\/(reconnect|simulator\/faults)$/ },
];

const FORWARDED_HEADERS = ['authorization', 'content-type', 'accept', 'idempotency-key', 'if-none-match', 'x-request-id', 'user-agent'];

export function isSessionRoute(method: string, path: string): boolean {
  return SESSION_ROUTES.some((r) => (r.method === '*' || r.method === method) && r.path.test(path));
}

/**
 * On the owner (and in a single process) session routes run here as before. On a standby they travel through the
 * command bus to the owner, which runs them through its own HTTP stack: the same guards, validation, status codes
 * and Idempotency-Key semantics. While no replica owns the session: 503 with Retry-After, nothing done.
 */
@Injectable()
export class SessionForwardingMiddleware implements NestMiddleware {
  constructor(private readonly roles: SessionRolesService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const path = req.originalUrl.split('?')[0] ?? '';
    if (!isSessionRoute(req.method, path)) return next();
    if (req.headers[LOOPBACK_HEADER] !== undefined) {
      if (req.headers[LOOPBACK_HEADER] !== this.roles.loopbackToken) return unavailable(res, 'invalid forwarding header', 0, 'FORWARDING_HEADER_INVALID', 400);
      if (!this.roles.isOwner) return unavailable(res, 'this replica no longer owns the IB session; nothing was done, retry shortly', 1, 'NOT_SESSION_OWNER');
      return next();
    }
    if (this.roles.isOwner) return next();
    const headers: Record<string, string> = {};
    for (const h of FORWARDED_HEADERS) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const rid = requestContext.getStore()?.requestId;
    if (rid) headers['x-request-id'] = rid;
    const hasBody = !['GET', 'HEAD', 'DELETE'].includes(req.method) && req.body !== undefined;
    this.roles
      .forwardHttp({ method: req.method, path: req.originalUrl, headers, body: hasBody ? JSON.stringify(req.body) : undefined })
      .then((reply) => {
        res.status(reply.status);
        for (const [k, v] of Object.entries(reply.headers)) res.setHeader(k, v);
        res.setHeader('x-ibsc-served-by', 'owner');
        res.send(reply.body);
      })
      .catch((e: unknown) => {
        if (e instanceof NoOwnerError) return unavailable(res, e.message, e.retryAfterSec, 'NO_SESSION_OWNER');
        if (e instanceof CommandOutcomeUnknownError) return unavailable(res, e.message, e.retryAfterSec, 'COMMAND_OUTCOME_UNKNOWN');
        if (e instanceof DatabaseUnreachableError) return unavailable(res, e.message, e.retryAfterSec, 'DATABASE_UNAVAILABLE');
        unavailable(res, `the session owner could not carry out the request: ${(e as Error).message}`, 1, 'SESSION_OWNER_FAILED');
      });
  }
}

function unavailable(res: Response, message: string, retryAfterSec: number, code: string, status = 503): void {
  if (res.headersSent) return;
  const body: ApiErrorBody = { statusCode: status, error: status === 503 ? 'Service Unavailable' : 'Bad Request', code, message, requestId: requestContext.getStore()?.requestId };
  if (retryAfterSec > 0) res.setHeader('Retry-After', String(retryAfterSec));
  res.status(status).json(body);
}
