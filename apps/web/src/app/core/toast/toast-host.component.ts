import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { ToastService } from './toast.service';

/** The toast stack, bottom right, above the status bar. Errors are announced assertively, the rest politely. */
@Component({
  selector: 'ibsc-toast-host',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="toasts" aria-live="polite" aria-label="Notifications" role="region">
      @for (t of toasts.toasts(); track t.id) {
        <div class="toast toast--{{ t.kind }}" [attr.role]="t.kind === 'error' ? 'alert' : 'status'" [attr.data-testid]="'toast-' + t.kind">
          <div class="toast__body">
            <strong class="toast__title">{{ t.title }}</strong>
            @if (t.message) {
              <span class="toast__message">{{ t.message }}</span>
            }
          </div>
          <button type="button" class="toast__close" (click)="toasts.dismiss(t.id)" [attr.aria-label]="'Dismiss: ' + t.title">×</button>
        </div>
      }
    </div>
  `,
  styles: `
    .toasts {
      position: fixed;
      right: 1rem;
      bottom: 3rem;
      z-index: 50;
      display: grid;
      gap: 0.5rem;
      width: min(24rem, calc(100vw - 2rem));
    }
    .toast {
      display: flex;
      align-items: flex-start;
      gap: 0.5rem;
      padding: 0.6rem 0.75rem;
      border-radius: var(--radius);
      border: 1px solid var(--border);
      border-left-width: 4px;
      background: var(--surface);
      box-shadow: 0 4px 16px rgb(0 0 0 / 0.18);
    }
    .toast--success { border-left-color: var(--ok); }
    .toast--info { border-left-color: var(--accent); }
    .toast--warning { border-left-color: var(--warn); }
    .toast--error { border-left-color: var(--danger); }
    .toast__body { flex: 1; display: grid; gap: 0.15rem; }
    .toast__message { color: var(--text-muted); overflow-wrap: anywhere; }
    .toast__close {
      border: 0;
      background: transparent;
      color: var(--text-muted);
      font-size: 1.1rem;
      line-height: 1;
      cursor: pointer;
    }
  `,
})
export class ToastHostComponent {
  protected readonly toasts = inject(ToastService);
}
