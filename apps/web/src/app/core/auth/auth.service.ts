import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { API_PREFIX, type LoginDto, type LoginResponse, type UserView } from '@ibsc/shared-dto';
import { map, type Observable, tap } from 'rxjs';
import { BROWSER_STORAGE } from './browser-storage';

interface StoredSession {
  token: string;
  /** Epoch milliseconds after which the token is no longer accepted. */
  expiresAt: number;
  user: UserView;
}

export const SESSION_STORAGE_KEY = 'ibsc.session';

export const LOGIN_URL = `${API_PREFIX}/auth/login`;
export const LOGOUT_URL = `${API_PREFIX}/auth/logout`;

/** Logs in against the API and keeps the JWT for this browser tab. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly storage = inject(BROWSER_STORAGE);
  private readonly session = signal<StoredSession | null>(this.restore());

  readonly token = computed(() => this.session()?.token ?? null);
  readonly user = computed(() => this.session()?.user ?? null);
  readonly isAuthenticated = computed(() => this.session() !== null);

  login(credentials: LoginDto): Observable<UserView> {
    return this.http.post<LoginResponse>(LOGIN_URL, credentials).pipe(
      tap((res) => this.store({ token: res.accessToken, expiresAt: Date.now() + res.expiresIn * 1000, user: res.user })),
      map((res) => res.user),
    );
  }

  /**
   * Signs out: forgets the token at once and asks the API to revoke it (every session of this user, sockets
   * included). The revocation is best effort: the browser forgets the token even when the API cannot be reached.
   */
  signOut(): void {
    const token = this.token();
    this.logout();
    if (token) this.http.post(LOGOUT_URL, null, { headers: { Authorization: `Bearer ${token}` } }).subscribe({ error: () => undefined });
  }

  /** Forgets the token. Safe to call when already logged out. */
  logout(): void {
    this.storage.removeItem(SESSION_STORAGE_KEY);
    this.session.set(null);
  }

  /** True when a session exists and has not expired; drops an expired one. */
  hasValidSession(): boolean {
    const current = this.session();
    if (current && current.expiresAt <= Date.now()) this.logout();
    return this.session() !== null;
  }

  private store(session: StoredSession): void {
    this.storage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    this.session.set(session);
  }

  private restore(): StoredSession | null {
    const raw = this.storage.getItem(SESSION_STORAGE_KEY);
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as Partial<StoredSession>;
      if (typeof parsed.token === 'string' && typeof parsed.expiresAt === 'number' && parsed.user && parsed.expiresAt > Date.now()) {
        return parsed as StoredSession;
      }
    } catch {
      // fall through: a corrupt entry is the same as none
    }
    this.storage.removeItem(SESSION_STORAGE_KEY);
    return null;
  }
}
