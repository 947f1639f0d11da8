import type { Role } from '@ibsc/shared-dto';

/** What a verified token says about its bearer. */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
}

export interface JwtClaims {
  sub: string;
  username: string;
  role: Role;
}
