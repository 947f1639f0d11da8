import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { ThemeService } from '../core/theme/theme.service';

@Component({
  selector: 'ibsc-theme-toggle',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button type="button" class="button button--ghost" (click)="theme.toggle()" [attr.aria-label]="label()" [title]="label()">
      <span aria-hidden="true">{{ theme.theme() === 'dark' ? '☀' : '☾' }}</span>
      <span class="theme-toggle__text">{{ theme.theme() === 'dark' ? 'Light' : 'Dark' }}</span>
    </button>
  `,
  styles: `
    .theme-toggle__text {
      margin-left: 0.35rem;
    }
  `,
})
export class ThemeToggleComponent {
  protected readonly theme = inject(ThemeService);
  protected readonly label = computed(() => `Switch to ${this.theme.theme() === 'dark' ? 'light' : 'dark'} theme`);
}
