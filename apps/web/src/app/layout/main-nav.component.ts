import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { AuthService } from '../core/auth/auth.service';
import { NAV_LINKS } from './nav-links';

@Component({
  selector: 'ibsc-main-nav',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, RouterLinkActive],
  template: `
    <nav aria-label="Main">
      <ul>
        @for (link of links(); track link.path) {
          <li>
            <a [routerLink]="link.path" routerLinkActive="active" ariaCurrentWhenActive="page">{{ link.label }}</a>
          </li>
        }
      </ul>
    </nav>
  `,
  styles: `
    ul {
      display: flex;
      gap: 0.25rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    a {
      display: block;
      padding: 0.45rem 0.8rem;
      border-radius: var(--radius);
      color: var(--text-muted);
      text-decoration: none;
      font-weight: 500;
    }
    a:hover {
      color: var(--text);
      background: var(--surface-3);
    }
    a.active {
      color: var(--accent-text);
      background: var(--accent-bg);
    }
  `,
})
export class MainNavComponent {
  private readonly auth = inject(AuthService);
  protected readonly links = computed(() => {
    const admin = this.auth.user()?.role === 'admin';
    return NAV_LINKS.filter((l) => admin || !l.adminOnly);
  });
}
