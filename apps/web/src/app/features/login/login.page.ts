import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { finalize } from 'rxjs';
import { apiErrorMessage } from '../../core/api/api-error';
import { AuthService } from '../../core/auth/auth.service';
import { ThemeToggleComponent } from '../../layout/theme-toggle.component';

/** Only same-app paths are followed after login; anything else lands on the scanner. */
export function safeReturnUrl(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/login') ? value : '/scanner';
}

@Component({
  selector: 'ibsc-login-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, ThemeToggleComponent],
  template: `
    <main class="login">
      <div class="login__theme"><ibsc-theme-toggle /></div>
      <form class="login__card card" [formGroup]="form" (ngSubmit)="submit()" aria-labelledby="login-title" novalidate>
        <h1 id="login-title">IB Spread Console</h1>
        <p class="muted">Sign in to continue.</p>

        <label for="login-username">Username</label>
        <input id="login-username" type="text" formControlName="username" autocomplete="username" required autofocus />

        <label for="login-password">Password</label>
        <input id="login-password" type="password" formControlName="password" autocomplete="current-password" required />

        @if (error(); as message) {
          <p class="login__error" role="alert" data-testid="login-error">{{ message }}</p>
        }

        <button type="submit" class="button button--primary" [disabled]="busy()">
          {{ busy() ? 'Signing in…' : 'Sign in' }}
        </button>
      </form>
    </main>
  `,
  styles: `
    .login {
      min-height: 100%;
      display: grid;
      place-items: center;
      padding: 2rem 1rem;
      position: relative;
    }
    .login__theme {
      position: absolute;
      top: 1rem;
      right: 1rem;
    }
    .login__card {
      display: grid;
      gap: 0.5rem;
      width: min(22rem, 100%);
      padding: 2rem;
    }
    h1 {
      margin: 0;
      font-size: 1.35rem;
    }
    p {
      margin: 0 0 0.75rem;
    }
    label {
      font-weight: 600;
      font-size: 0.9rem;
    }
    input {
      margin-bottom: 0.5rem;
    }
    button {
      margin-top: 0.5rem;
    }
    .login__error {
      margin: 0;
      padding: 0.5rem 0.75rem;
      border-radius: var(--radius);
      background: var(--danger-bg);
      color: var(--danger-text);
    }
  `,
})
export class LoginPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    password: ['', Validators.required],
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  submit(): void {
    if (this.busy()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set('Enter your username and password.');
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    this.auth
      .login(this.form.getRawValue())
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe({
        next: () => void this.router.navigateByUrl(safeReturnUrl(this.route.snapshot.queryParamMap.get('returnUrl'))),
        error: (err: unknown) => {
          this.error.set(apiErrorMessage(err));
          this.form.controls.password.reset();
        },
      });
  }
}
