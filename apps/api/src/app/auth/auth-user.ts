import type { Role } from '@ibsc/shared-dto';

/** What a verified token says about its bearer (role as stored now, not as when the token was issued). */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
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
}
