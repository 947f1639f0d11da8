import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Router, RouterOutlet } from '@angular/router';
import { AuthService } from '../core/auth/auth.service';
import { MainNavComponent } from './main-nav.component';
import { ThemeToggleComponent } from './theme-toggle.component';

/** Header with the nav and the user's session around every signed-in page. */
@Component({
  selector: 'ibsc-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, MainNavComponent, ThemeToggleComponent],
  template: `
    <a class="skip-link" href="#main-content" (click)="skipTo($event, main)">Skip to content</a>
    <header class="shell__header">
      <span class="shell__brand">IB Spread Console</span>
      <ibsc-main-nav />
      <span class="shell__spacer"></span>
      <ibsc-theme-toggle />
      @if (auth.user(); as user) {
        <span class="shell__user" data-testid="current-user">{{ user.username }} <span class="badge">{{ user.role }}</span></span>
      }
      <button type="button" class="button button--ghost" (click)="logout()">Sign out</button>
    </header>
    <main #main id="main-content" class="shell__main" tabindex="-1">
      <router-outlet />
    </main>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
      height: 100%;
    }
    .shell__header {
      display: flex;
      align-items: center;
      gap: 1rem;
      padding: 0.5rem 1rem;
      border-bottom: 1px solid var(--border);
      background: var(--surface);
    }
    .shell__brand {
      font-weight: 700;
      letter-spacing: 0.01em;
    }
    .shell__spacer {
      flex: 1;
    }
    .shell__user {
      display: inline-flex;
      align-items: center;
      gap: 0.35rem;
      color: var(--text-muted);
    }
    .shell__main {
      flex: 1;
      min-height: 0;
      overflow: auto;
      padding: 1rem;
      outline: none;
    }
  `,
})
export class ShellComponent {
  protected readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  /** With <base href="/">, a bare "#id" link would leave the page; move focus instead. */
  skipTo(event: Event, target: HTMLElement): void {
    event.preventDefault();
    target.focus();
  }

  logout(): void {
    this.auth.signOut();
    void this.router.navigate(['/login']);
  }
}
