import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import type { RangeFilterDef } from './filter-defs';
import type { RangeState } from './scan-form';

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Number box text → bound: blank is an open bound (null); anything unparsable is ignored (undefined). */
export function parseBound(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * One range filter: an on/off switch, a dual-handle slider over a practical span and two number boxes that take
 * any exact value the API allows (blank = no bound). The API's messages for this field show underneath.
 */
@Component({
  selector: 'ibsc-range-filter',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let d = def();
    @let v = value();
    <fieldset class="range" [class.range--off]="!v.enabled" [class.range--invalid]="errors().length > 0" [attr.data-filter]="d.key">
      <legend class="range__legend">
        <label class="range__toggle">
          <input type="checkbox" role="switch" [checked]="v.enabled" (change)="toggle($event)" [attr.aria-describedby]="id('help')" />
          <span>{{ d.label }}</span>
        </label>
        @if (d.unit) {
          <span class="range__unit">{{ d.unit }}</span>
        }
      </legend>
      <div class="range__slider" [attr.aria-hidden]="!v.enabled">
        <div class="range__track" aria-hidden="true">
          <span class="range__fill" [style.left.%]="fillLeft()" [style.width.%]="fillWidth()"></span>
        </div>
        <input
          type="range"
          class="range__thumb range__thumb--min"
          [min]="d.sliderLo"
          [max]="d.sliderHi"
          [step]="d.step"
          [value]="sliderMin()"
          [disabled]="!v.enabled"
          [attr.aria-label]="d.label + ' minimum (slider)'"
          [attr.aria-valuetext]="v.min === null ? 'no minimum' : v.min"
          (input)="slide('min', $event)"
        />
        <input
          type="range"
          class="range__thumb range__thumb--max"
          [min]="d.sliderLo"
          [max]="d.sliderHi"
          [step]="d.step"
          [value]="sliderMax()"
          [disabled]="!v.enabled"
          [attr.aria-label]="d.label + ' maximum (slider)'"
          [attr.aria-valuetext]="v.max === null ? 'no maximum' : v.max"
          (input)="slide('max', $event)"
        />
      </div>
      <div class="range__inputs">
        <label>
          <span class="range__small">Min</span>
          <input
            type="number"
            [id]="id('min')"
            [attr.min]="d.lo"
            [attr.max]="d.hi"
            [attr.step]="d.integer ? 1 : 'any'"
            [value]="v.min ?? ''"
            placeholder="none"
            [disabled]="!v.enabled"
            [attr.aria-label]="d.label + ' minimum'"
            [attr.aria-invalid]="errors().length > 0"
            [attr.aria-describedby]="errors().length ? id('errors') : id('help')"
            (change)="typed('min', $event)"
          />
        </label>
        <label>
          <span class="range__small">Max</span>
          <input
            type="number"
            [id]="id('max')"
            [attr.min]="d.lo"
            [attr.max]="d.hi"
            [attr.step]="d.integer ? 1 : 'any'"
            [value]="v.max ?? ''"
            placeholder="none"
            [disabled]="!v.enabled"
            [attr.aria-label]="d.label + ' maximum'"
            [attr.aria-invalid]="errors().length > 0"
            [attr.aria-describedby]="errors().length ? id('errors') : id('help')"
            (change)="typed('max', $event)"
          />
        </label>
      </div>
      <p class="range__help" [id]="id('help')">{{ d.help }}</p>
      @if (errors().length) {
        <ul class="field-errors" [id]="id('errors')" role="alert">
          @for (e of errors(); track e) {
            <li>{{ e }}</li>
          }
        </ul>
      }
    </fieldset>
  `,
  styles: `
    .range {
      margin: 0;
      padding: 0.4rem 0.6rem 0.5rem;
      border: 1px solid var(--border);
      border-radius: var(--radius);
      min-width: 0;
    }
    .range--off {
      opacity: 0.7;
    }
    .range--invalid {
      border-color: var(--danger);
    }
    .range__legend {
      display: flex;
      gap: 0.5rem;
      align-items: baseline;
      padding: 0 0.25rem;
    }
    .range__toggle {
      display: inline-flex;
      gap: 0.35rem;
      align-items: center;
      font-weight: 600;
    }
    .range__unit,
    .range__small,
    .range__help {
      color: var(--text-muted);
      font-size: 0.8rem;
    }
    .range__help {
      margin: 0.2rem 0 0;
    }
    .range__slider {
      position: relative;
      height: 1.4rem;
    }
    .range__track {
      position: absolute;
      left: 0;
      right: 0;
      top: 50%;
      height: 4px;
      margin-top: -2px;
      border-radius: 2px;
      background: var(--meter-track);
    }
    .range__fill {
      position: absolute;
      top: 0;
      bottom: 0;
      background: var(--accent);
      border-radius: 2px;
    }
    .range__thumb {
      position: absolute;
      inset: 0;
      width: 100%;
      margin: 0;
      background: transparent;
      pointer-events: none;
      appearance: none;
      -webkit-appearance: none;
    }
    .range__thumb::-webkit-slider-thumb {
      pointer-events: auto;
      -webkit-appearance: none;
      width: 14px;
      height: 14px;
      border-radius: 50%;
      background: var(--surface);
      border: 2px solid var(--accent);
      cursor: pointer;
    }
    .range__thumb::-moz-range-thumb {
      pointer-events: auto;
      width: 12px;
      height: 12px;
      border-radius: 50%;
      background: var(--surface);
      border: 2px solid var(--accent);
      cursor: pointer;
    }
    .range__thumb:focus-visible {
      outline: none;
    }
    .range__thumb:focus-visible::-webkit-slider-thumb {
      outline: 2px solid var(--focus);
      outline-offset: 2px;
    }
    .range__inputs {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 0.5rem;
    }
    .range__inputs label {
      display: grid;
      gap: 0.1rem;
    }
    .range__inputs input {
      padding: 0.25rem 0.4rem;
    }
  `,
})
export class RangeFilterComponent {
  private static nextId = 0;
  private readonly uid = `range-${RangeFilterComponent.nextId++}`;

  readonly def = input.required<RangeFilterDef>();
  readonly value = input.required<RangeState>();
  readonly errors = input<string[]>([]);
  readonly valueChange = output<RangeState>();

  protected readonly sliderMin = computed(() => {
    const d = this.def();
    const v = this.value().min;
    return v === null ? d.sliderLo : clamp(v, d.sliderLo, d.sliderHi);
  });
  protected readonly sliderMax = computed(() => {
    const d = this.def();
    const v = this.value().max;
    return v === null ? d.sliderHi : clamp(v, d.sliderLo, d.sliderHi);
  });
  private readonly span = computed(() => this.def().sliderHi - this.def().sliderLo || 1);
  protected readonly fillLeft = computed(() => ((this.sliderMin() - this.def().sliderLo) / this.span()) * 100);
  protected readonly fillWidth = computed(() => Math.max(0, ((this.sliderMax() - this.sliderMin()) / this.span()) * 100));

  protected id(part: string): string {
    return `${this.uid}-${part}`;
  }

  protected toggle(event: Event): void {
    this.valueChange.emit({ ...this.value(), enabled: (event.target as HTMLInputElement).checked });
  }

  /** Slider moves: a handle at the slider's end means "no bound"; the handles never cross. */
  protected slide(bound: 'min' | 'max', event: Event): void {
    const d = this.def();
    const raw = Number((event.target as HTMLInputElement).value);
    const current = this.value();
    if (bound === 'min') {
      const v = Math.min(raw, this.sliderMax());
      (event.target as HTMLInputElement).value = String(v);
      this.valueChange.emit({ ...current, min: v <= d.sliderLo && d.sliderLo <= d.lo ? null : v });
    } else {
      const v = Math.max(raw, this.sliderMin());
      (event.target as HTMLInputElement).value = String(v);
      this.valueChange.emit({ ...current, max: v >= d.sliderHi && d.sliderHi >= d.hi ? null : v });
    }
  }

  /** Typed values go through as typed (the API checks them and says what is wrong). */
  protected typed(bound: 'min' | 'max', event: Event): void {
    const parsed = parseBound((event.target as HTMLInputElement).value);
    if (parsed === undefined) return;
    this.valueChange.emit({ ...this.value(), [bound]: parsed });
  }
}
