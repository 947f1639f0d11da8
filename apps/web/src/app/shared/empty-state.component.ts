import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** A titled, centred placeholder for pages and panels with nothing to show yet. Extra content is projected. */
@Component({
  selector: 'ibsc-empty-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="empty-state" [attr.aria-labelledby]="headingId">
      <h2 class="empty-state__title" [id]="headingId">{{ title() }}</h2>
      @if (message()) {
        <p class="empty-state__message">{{ message() }}</p>
      }
      <ng-content />
    </section>
  `,
  styles: `
    .empty-state {
      display: grid;
      justify-items: center;
      gap: 0.5rem;
      padding: 3rem 1.5rem;
      border: 1px dashed var(--border);
      border-radius: var(--radius);
      color: var(--text-muted);
      text-align: center;
    }
    .empty-state__title {
      margin: 0;
      font-size: 1.1rem;
      color: var(--text);
    }
    .empty-state__message {
      margin: 0;
      max-width: 48ch;
    }
  `,
})
export class EmptyStateComponent {
  private static nextId = 0;
  readonly title = input.required<string>();
  readonly message = input<string>('');
  protected readonly headingId = `empty-state-${EmptyStateComponent.nextId++}`;
}
