import type { ApiKeyScope, Role } from '@ibsc/shared-dto';

/** The role each scope stands for: read ≈ viewer, trade ≈ trader, admin ≈ admin (ADR 0016). */
export const SCOPE_ROLE: Record<ApiKeyScope, Role> = { read: 'viewer', trade: 'trader', admin: 'admin' };
/** The scope a route's role needs. */
export const ROLE_SCOPE: Record<Role, ApiKeyScope> = { viewer: 'read', trader: 'trade', admin: 'admin' };
const RANK: Record<Role, number> = { viewer: 0, trader: 1, admin: 2 };

/**
 * `route`: do the key's scopes reach a route that needs `role`? (a scope reaches its role's routes and those below).
 * `owner`: may a user of role `role` hold these scopes? (no scope above the role).
 */
export function scopesAllowRole(scopes: readonly ApiKeyScope[], role: Role, mode: 'route' | 'owner' = 'route'): boolean {
  if (mode === 'owner') return scopes.every((s) => RANK[SCOPE_ROLE[s]] <= RANK[role]);
  return scopes.some((s) => RANK[SCOPE_ROLE[s]] >= RANK[role]);
}
