import type { ApiKeyScope, Role } from '@ibsc/shared-dto';

/** What a verified token says about its bearer (role as stored now, not as when the token was issued). */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  /** Present when the request authenticated with an API key (ADR 0016): which key, and what it may reach. */
  apiKey?: { id: string; scopes: ApiKeyScope[] };
}

/**
 * Who an action is attributed to in the audit log and the orders: the username, plus `/key:<id>` when done with an
 * API key (at most 32 + 21 characters, within the audit log's 64).
 */
export function actorOf(user: AuthUser): string {
  return user.apiKey ? `${user.username}/key:${user.apiKey.id}` : user.username;
}

/** A verified token: its user, when it expires, and the token version it carries. */
export interface AuthSession {
  user: AuthUser;
  expiresAtMs: number;
  version: number;
}

export interface JwtClaims {
  sub: string;
  username: string;
  role: Role;
  /** The user's token_version when issued; a bump (logout, password, role, disable) revokes the token. */
  ver: number;
  iat?: number;
  exp?: number;
  nbf?: number;
}
