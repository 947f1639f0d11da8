import { applyDecorators, type Type } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiProduces, ApiResponse } from '@nestjs/swagger';

/** The error statuses an operation may declare (the filter answers every one with ApiErrorBody and a `code`). */
export type ContractErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 502 | 503;

/** Name of the one error schema (components.schemas.ApiErrorBody, generated from libs/shared-dto). */
export const ERROR_SCHEMA = 'ApiErrorBody';

const ERROR_DESCRIPTIONS: Record<ContractErrorStatus, string> = {
  400: 'Bad input: `details[].field` names each bad field (code VALIDATION_FAILED, or a domain code)',
  401: 'No, an expired or a revoked bearer token (code UNAUTHENTICATED), or an API key that is malformed, unknown, revoked or expired (API_KEY_*)',
  403: "The caller's role may not do this (code FORBIDDEN), or the API key lacks the scope (INSUFFICIENT_SCOPE)",
  404: 'No such resource (code NOT_FOUND or a domain code such as ORDER_NOT_FOUND)',
  409: 'Conflicts with the current state (a domain code, e.g. IDEMPOTENCY_KEY_REUSED, ORDER_NOT_ACTIVE)',
  413: 'Body too large (code PAYLOAD_TOO_LARGE)',
  422: 'Refused by a rule (e.g. RISK_MAX_LOSS_EXCEEDED, KILL_SWITCH_ON, PREVIEW_BUDGET_EXCEEDED)',
  429: 'Too many requests: retry after the Retry-After header (e.g. RATE_LIMITED, LOGIN_BACKOFF, PREVIEW_BUSY)',
  502: 'An upstream control endpoint failed (e.g. SIMULATOR_CONTROL_FAILED)',
  503: 'Temporarily unavailable: retry after Retry-After (e.g. DATABASE_UNAVAILABLE, GATEWAY_UNAVAILABLE, NO_SESSION_OWNER, SESSION_FENCED)',
};

/** Errors every authenticated route can answer: no/bad token or key, wrong role or scope, a key's rate limit, the database away. */
export const AUTHENTICATED_ERRORS: readonly ContractErrorStatus[] = [401, 403, 429, 503];

export interface ContractSpec {
  /** operationId, named for use: placeOrder, listOrders, startScan… */
  id: string;
  /** Summary line for the generated docs. */
  summary?: string;
  /** The success body: a schema name from libs/shared-dto (see wire-schemas.ts), or 'none' for an empty body. */
  ok: string;
  /** The success body is a JSON array of `ok`. */
  array?: boolean;
  /** Success status (default 200); `alsoAccepted` adds a 202 with the same body. */
  status?: 200 | 201 | 202 | 204;
  alsoAccepted?: string;
  /** Error statuses besides 401/403/429/503 (which every authenticated route gets). */
  errors?: readonly ContractErrorStatus[];
  /** The route is public: no 401/403 unless listed in `errors`. */
  public?: boolean;
  /** Another media type of the success body, e.g. text/csv with its example. */
  alternative?: { mediaType: string; description: string; example: string };
  /** The request body's DTO class and an example of it (shown to integrators and in generated docs). */
  body?: { type: Type<unknown>; example: unknown };
}

/** placeOrder → "Place order". */
function sentence(id: string): string {
  const words = id.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function ref(name: string, array = false): Record<string, unknown> {
  const one = { $ref: `#/components/schemas/${name}` };
  return array ? { type: 'array', items: one } : one;
}

/**
 * One decorator per operation: its id, success schema, and every error it can answer with the one error schema.
 * Prefer it over hand-written @ApiResponse lists so no operation forgets its errors (openapi-contract.int-spec.ts).
 */
export function ApiContract(spec: ContractSpec): MethodDecorator {
  const status = spec.status ?? 200;
  const errors = new Set<ContractErrorStatus>([...(spec.public ? [] : AUTHENTICATED_ERRORS), ...(spec.errors ?? [])]);
  const decorators: Array<MethodDecorator | ClassDecorator> = [ApiOperation({ operationId: spec.id, summary: spec.summary ?? sentence(spec.id) })];
  if (spec.ok === 'none') {
    decorators.push(ApiResponse({ status, description: 'Done; no body' }));
  } else {
    const content: Record<string, { schema: Record<string, unknown>; example?: string }> = { 'application/json': { schema: ref(spec.ok, spec.array) } };
    if (spec.alternative) content[spec.alternative.mediaType] = { schema: { type: 'string' }, example: spec.alternative.example };
    decorators.push(ApiResponse({ status, description: spec.alternative ? `application/json, or ${spec.alternative.description}` : 'Success', content }));
    if (spec.alternative) decorators.push(ApiProduces('application/json', spec.alternative.mediaType));
  }
  if (spec.body) decorators.push(ApiBody({ type: spec.body.type, examples: { example: { summary: 'example', value: spec.body.example } } }));
  if (spec.alsoAccepted) decorators.push(ApiResponse({ status: 202, description: spec.alsoAccepted, content: { 'application/json': { schema: ref(spec.ok, spec.array) } } }));
  for (const e of [...errors].sort()) {
    decorators.push(ApiResponse({ status: e, description: ERROR_DESCRIPTIONS[e], content: { 'application/json': { schema: ref(ERROR_SCHEMA) } } }));
  }
  return applyDecorators(...decorators) as MethodDecorator;
}
