import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { GatewayStatus } from '@ibsc/shared-dto';
import { formatTime } from './format';

const KIND_LABEL: Record<GatewayStatus['kind'], string> = { simulator: 'Simulator', tws: 'TWS' };

/** Which gateway and its state; pulses whenever it is not ready, and says so when a restart is expected. */
@Component({
  selector: 'ibsc-gateway-indicator',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="gateway" [attr.data-state]="gateway().state" [title]="tooltip()">
      <span class="gateway__dot" [class.pulse]="!ready()" aria-hidden="true"></span>
      <span class="gateway__kind">{{ kindLabel() }}</span>
      <span class="gateway__state">{{ gateway().state }}</span>
      @if (gateway().expectedRestart) {
        <span class="badge badge--info gateway__restart">expected restart</span>
      }
    </span>
  `,
  styles: `
    .gateway {
      display: inline-flex;
      align-items: center;
      gap: 0.35rem;
    }
    .gateway__kind {
      font-weight: 600;
    }
    .gateway__dot {
      width: 0.6rem;
      height: 0.6rem;
      border-radius: 50%;
      background: var(--warn);
    }
    [data-state='ready'] .gateway__dot {
      background: var(--ok);
    }
    [data-state='disconnected'] .gateway__dot {
      background: var(--danger);
    }
  `,
})
export class GatewayIndicatorComponent {
  readonly gateway = input.required<GatewayStatus>();

  protected readonly ready = computed(() => this.gateway().state === 'ready');
  protected readonly kindLabel = computed(() => KIND_LABEL[this.gateway().kind] ?? this.gateway().kind);
  protected readonly tooltip = computed(() => {
    const g = this.gateway();
    const parts = [`${KIND_LABEL[g.kind] ?? g.kind} at ${g.host}:${g.port}`];
    if (g.message) parts.push(g.message);
    if (g.nextRestartAt) parts.push(`Next restart ${formatTime(g.nextRestartAt)}`);
    return parts.join(' · ');
  });
}
