import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { API_KEY_SCOPES, type ApiKeyScope, type ApiKeyView, type CreatedApiKey, type UserView } from '@ibsc/shared-dto';
import { apiErrorMessage } from '../../core/api/api-error';
import { AuthService } from '../../core/auth/auth.service';
import { ToastService } from '../../core/toast/toast.service';
import { formatTime } from '../../shared/format';
import { ApiKeysApiService } from './api-keys-api.service';

const SCOPE_HINT: Record<ApiKeyScope, string> = { read: 'what a viewer may', trade: 'what a trader may', admin: 'what an admin may' };

/** Admin: API keys for machine clients. A new key is shown once, with a copy button; the list never shows a secret. */
@Component({
  selector: 'ibsc-api-keys-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">API keys</h1>
    @if (!isAdmin()) {
      <p class="banner" role="status">Only admins manage API keys.</p>
    } @else {
      @if (created(); as c) {
        <section class="card created" aria-labelledby="key-created" data-testid="created-key">
          <h2 id="key-created">Key "{{ c.name }}" created</h2>
          <p>Copy it now: it is shown this once and cannot be retrieved later.</p>
          <div class="key-row">
            <code data-testid="key-text">{{ c.key }}</code>
            <button type="button" class="button button--small" (click)="copy(c.key)">{{ copied() ? 'Copied' : 'Copy' }}</button>
          </div>
          <button type="button" class="button button--ghost button--small" (click)="created.set(null)">Done</button>
        </section>
      }
      <section class="card" aria-labelledby="key-new">
        <h2 id="key-new">New key</h2>
        <form (submit)="create($event)">
          <label>Name <input type="text" name="name" maxlength="64" required [value]="name()" (input)="name.set(value($event))" /></label>
          <fieldset>
            <legend>Scopes</legend>
            @for (s of scopes; track s) {
              <label title="{{ hint[s] }}"><input type="checkbox" [checked]="chosen().includes(s)" (change)="toggle(s)" /> {{ s }}</label>
            }
          </fieldset>
          <label>
            Acts as
            <select name="user" (change)="userId.set(value($event))">
              <option value="">me ({{ me() }})</option>
              @for (u of users(); track u.id) {
                @if (u.username !== me() && !u.disabled) {
                  <option [value]="u.id">{{ u.username }} ({{ u.role }})</option>
                }
              }
            </select>
          </label>
          <label>Expires (UTC, optional) <input type="date" name="expires" [value]="expires()" (change)="expires.set(value($event))" /></label>
          <button type="submit" class="button" [disabled]="busy() || !name().trim() || chosen().length === 0">Create key</button>
        </form>
      </section>
      <section class="card" aria-labelledby="key-list">
        <h2 id="key-list">Keys</h2>
        @if (keys().length === 0) {
          <p class="muted">No API keys yet.</p>
        } @else {
          <table>
            <thead>
              <tr><th>Name</th><th>Key</th><th>Scopes</th><th>User</th><th>State</th><th>Expires</th><th>Last used</th><th>Created</th><th></th></tr>
            </thead>
            <tbody>
              @for (k of keys(); track k.id) {
                <tr [attr.data-key-id]="k.id">
                  <td>{{ k.name }}</td>
                  <td><code>{{ k.prefix }}</code></td>
                  <td>{{ k.scopes.join(', ') }}</td>
                  <td>{{ k.username }}</td>
                  <td><span class="badge" [class.badge--ok]="k.state === 'active'" [class.badge--danger]="k.state !== 'active'">{{ k.state }}</span></td>
                  <td>{{ k.expiresAt ? time(k.expiresAt) : 'never' }}</td>
                  <td>{{ k.lastUsedAt ? time(k.lastUsedAt) : '—' }}</td>
                  <td>{{ time(k.createdAt) }}{{ k.createdBy ? ' by ' + k.createdBy : '' }}</td>
                  <td>
                    @if (k.state === 'active') {
                      <button type="button" class="button button--danger button--small" (click)="revoke(k)">Revoke</button>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        }
      </section>
    }
  `,
  styles: `
    form {
      display: flex;
      flex-wrap: wrap;
      align-items: end;
      gap: 0.75rem;
    }
    fieldset {
      display: flex;
      gap: 0.5rem;
      border: none;
      padding: 0;
      margin: 0;
    }
    .key-row {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      margin: 0.5rem 0;
    }
    .key-row code {
      user-select: all;
      word-break: break-all;
    }
    table {
      width: 100%;
      border-collapse: collapse;
    }
    th,
    td {
      text-align: left;
      padding: 0.3rem 0.5rem;
    }
  `,
})
export class ApiKeysPage {
  private readonly api = inject(ApiKeysApiService);
  private readonly auth = inject(AuthService);
  private readonly toasts = inject(ToastService);
  protected readonly scopes = API_KEY_SCOPES;
  protected readonly hint = SCOPE_HINT;
  protected readonly time = formatTime;
  protected readonly isAdmin = computed(() => this.auth.user()?.role === 'admin');
  protected readonly me = computed(() => this.auth.user()?.username ?? '');
  protected readonly keys = signal<ApiKeyView[]>([]);
  protected readonly users = signal<UserView[]>([]);
  protected readonly created = signal<CreatedApiKey | null>(null);
  protected readonly copied = signal(false);
  protected readonly busy = signal(false);
  protected readonly name = signal('');
  protected readonly chosen = signal<ApiKeyScope[]>(['read']);
  protected readonly userId = signal('');
  protected readonly expires = signal('');

  constructor() {
    if (!this.isAdmin()) return;
    this.reload();
    this.api.users().subscribe({ next: (u) => this.users.set(u), error: () => this.users.set([]) });
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement | HTMLSelectElement).value;
  }

  protected toggle(scope: ApiKeyScope): void {
    this.chosen.update((c) => (c.includes(scope) ? c.filter((s) => s !== scope) : API_KEY_SCOPES.filter((s) => s === scope || c.includes(s))));
  }

  protected create(event: Event): void {
    event.preventDefault();
    this.busy.set(true);
    const expires = this.expires();
    this.api
      .create({
        name: this.name().trim(),
        scopes: this.chosen(),
        ...(this.userId() ? { userId: this.userId() } : {}),
        ...(expires ? { expiresAt: `${expires}T00:00:00Z` } : {}),
      })
      .subscribe({
        next: (key) => {
          this.busy.set(false);
          this.copied.set(false);
          this.created.set(key);
          this.name.set('');
          this.reload();
        },
        error: (e: unknown) => {
          this.busy.set(false);
          this.toasts.error('API key not created', apiErrorMessage(e));
        },
      });
  }

  protected revoke(key: ApiKeyView): void {
    this.api.revoke(key.id).subscribe({
      next: (v) => {
        this.keys.update((all) => all.map((k) => (k.id === v.id ? v : k)));
        this.toasts.success('API key revoked', `${v.name} (${v.prefix})`);
      },
      error: (e: unknown) => this.toasts.error('API key not revoked', apiErrorMessage(e)),
    });
  }

  protected copy(text: string): void {
    void navigator.clipboard?.writeText(text).then(
      () => this.copied.set(true),
      () => this.toasts.error('Copy failed', 'Select the key and copy it by hand.'),
    );
  }

  private reload(): void {
    this.api.list().subscribe({ next: (k) => this.keys.set(k), error: (e: unknown) => this.toasts.error('API keys', apiErrorMessage(e)) });
  }
}
