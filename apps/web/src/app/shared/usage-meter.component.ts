import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { usageRatio } from './format';

/** active / max as a small bar; turns to a warning above `warnAbove` (default 80 %) and to danger at the limit. */
@Component({
  selector: 'ibsc-usage-meter',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span
      class="usage-meter"
      [class.usage-meter--warning]="level() === 'warning'"
      [class.usage-meter--danger]="level() === 'danger'"
      role="meter"
      [attr.aria-label]="label()"
      aria-valuemin="0"
      [attr.aria-valuemax]="max()"
      [attr.aria-valuenow]="active()"
      [attr.aria-valuetext]="active() + ' of ' + max()"
    >
      <span class="usage-meter__bar" aria-hidden="true">
        <span class="usage-meter__fill" [style.width.%]="fillPercent()"></span>
      </span>
      <span class="usage-meter__text">{{ active() }}/{{ max() }}</span>
    </span>
  `,
  styles: `
    .usage-meter {
      display: inline-flex;
      align-items: center;
      gap: 0.35rem;
      font-variant-numeric: tabular-nums;
    }
    .usage-meter__bar {
      width: 4rem;
      height: 0.45rem;
      border-radius: 999px;
      background: var(--meter-track);
      overflow: hidden;
    }
    .usage-meter__fill {
      display: block;
      height: 100%;
      background: var(--ok);
    }
    .usage-meter--warning .usage-meter__fill {
      background: var(--warn);
    }
    .usage-meter--warning .usage-meter__text {
      color: var(--warn-text);
      font-weight: 600;
    }
    .usage-meter--danger .usage-meter__fill {
      background: var(--danger);
    }
    .usage-meter--danger .usage-meter__text {
      color: var(--danger-text);
      font-weight: 600;
    }
  `,
})
export class UsageMeterComponent {
  readonly active = input.required<number>();
  readonly max = input.required<number>();
  readonly label = input<string>('Usage');
  /** Ratio above which the meter warns. */
  readonly warnAbove = input<number>(0.8);

  protected readonly ratio = computed(() => usageRatio(this.active(), this.max()));
  protected readonly fillPercent = computed(() => Math.min(100, Math.round(this.ratio() * 100)));
  readonly level = computed<'ok' | 'warning' | 'danger'>(() => {
    const r = this.ratio();
    if (this.max() > 0 && r >= 1) return 'danger';
    return r > this.warnAbove() ? 'warning' : 'ok';
  });
}
