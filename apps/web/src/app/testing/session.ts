import type { LoginResponse, UserView } from '@ibsc/shared-dto';
import { SESSION_STORAGE_KEY } from '../core/auth/auth.service';

export const TEST_USER: UserView = { id: 'u1', username: 'alice', role: 'trader', disabled: false, createdAt: '2026-11-01T00:00:00.000Z' };

export function loginResponse(token = 'jwt-token', user: UserView = TEST_USER): LoginResponse {
  return { accessToken: token, tokenType: 'Bearer', expiresIn: 3600, user };
}

/** Puts a valid session where AuthService looks for one, so a fresh injector starts signed in. */
export function seedSession(token = 'jwt-token', user: UserView = TEST_USER): void {
  sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ token, expiresAt: Date.now() + 3_600_000, user }));
}
