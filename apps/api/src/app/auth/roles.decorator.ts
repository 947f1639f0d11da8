import { SetMetadata } from '@nestjs/common';
import type { Role } from '@ibsc/shared-dto';

export const ROLES_KEY = 'ibsc:roles';
export const PUBLIC_KEY = 'ibsc:public';

/** The least role a handler needs; admin ⊇ trader ⊇ viewer. Required on every controller. */
export const Roles = (role: Role) => SetMetadata(ROLES_KEY, role);

/** Marks a route reachable without a token (login, liveness, metrics). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

const RANK: Record<Role, number> = { viewer: 0, trader: 1, admin: 2 };
export function roleAllows(have: Role, need: Role): boolean {
  return RANK[have] >= RANK[need];
}
