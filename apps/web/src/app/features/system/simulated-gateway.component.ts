import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { type GatewayStatus, SIMULATOR_MAX_DOWN_MS, type SimulatorFaultDto, type SimulatorFaultKind } from '@ibsc/shared-dto';
import { apiErrorMessage } from '../../core/api/api-error';
import { formatTime } from '../../shared/format';
import { SystemApiService } from './system-api.service';

const MAX_DOWN_SECONDS = SIMULATOR_MAX_DOWN_MS / 1000;
const DONE: Record<SimulatorFaultKind, string> = {
  restart: 'Gateway restart injected',
  drop: 'Connection drop injected',
  farm: 'Market-data farm outage injected',
};

/**
 * Admin drills against the simulated gateway (POST /system/simulator/faults): restart it for a few seconds, drop
 * the API's connection, or break the market-data farm; the status bar shows the connection layer's reaction. Works
 * with the built-in simulator and with a standalone one the server reaches through SIM_CONTROL_URL
 * (`gateway.simulatorFaults`); disabled, with the reason, when the server talks to TWS / IB Gateway.
 */
@Component({
  selector: 'ibsc-simulated-gateway',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card sim" aria-labelledby="sys-sim" data-testid="simulated-gateway">
      <h2 id="sys-sim">Simulated gateway</h2>
      @if (isSimulator()) {
        <p class="muted">
          Fault drills for the {{ gateway().kind === 'simulator' ? 'built-in' : 'standalone' }} simulator: the connection layer reconnects by itself.
        </p>
      } @else {
        <p class="muted" data-testid="sim-unavailable">
          Fault injection works only with the built-in simulator (IB_GATEWAY=simulator) or a standalone one (SIM_CONTROL_URL); this server
          talks to TWS / IB Gateway.
        </p>
      }
      <div class="sim__row">
        <label for="sim-down">Downtime (s)</label>
        <input
          id="sim-down"
          type="number"
          min="0"
          [max]="maxSeconds"
          step="1"
          [value]="downSeconds()"
          (input)="onDown($event)"
          [disabled]="!isSimulator()"
          [attr.aria-invalid]="!downValid()"
          aria-describedby="sim-down-errors"
        />
      </div>
      <ul class="field-errors" id="sim-down-errors">
        @if (!downValid()) {
          <li>Downtime must be a whole number of seconds from 0 to {{ maxSeconds }}.</li>
        }
      </ul>
      <div class="sim__actions">
        <button type="button" class="button button--danger button--small" (click)="injectFault('restart')" [disabled]="!isSimulator() || busy() || !downValid()">
          Restart gateway
        </button>
        <button type="button" class="button button--small" (click)="injectFault('drop')" [disabled]="!isSimulator() || busy()">Drop connection</button>
        <button type="button" class="button button--small" (click)="injectFault('farm')" [disabled]="!isSimulator() || busy() || !downValid()">
          Break market-data farm
        </button>
      </div>
      @if (message(); as m) {
        <p class="sim__message" role="status" data-testid="sim-message">{{ m }}</p>
      }
    </section>
  `,
  styles: `
    .sim {
      padding: 1rem 1.25rem;
    }
    h2 {
      margin: 0 0 0.75rem;
      font-size: 1rem;
    }
    .sim__row {
      display: flex;
      align-items: center;
      gap: 0.5rem;
    }
    .sim__row input {
      width: 6rem;
    }
    .sim__actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      margin-top: 0.5rem;
    }
    .sim__message {
      margin: 0.5rem 0 0;
    }
  `,
})
export class SimulatedGatewayComponent {
  readonly gateway = input.required<GatewayStatus>();
  private readonly api = inject(SystemApiService);
  protected readonly maxSeconds = MAX_DOWN_SECONDS;
  protected readonly downSeconds = signal<number | null>(3);
  protected readonly busy = signal(false);
  protected readonly message = signal<string | null>(null);
  /** The built-in simulator, or a standalone one the server drives through SIM_CONTROL_URL. */
  protected readonly isSimulator = computed(() => this.gateway().kind === 'simulator' || this.gateway().simulatorFaults === true);
  protected readonly downValid = computed(() => {
    const s = this.downSeconds();
    return s !== null && Number.isInteger(s) && s >= 0 && s <= MAX_DOWN_SECONDS;
  });

  protected onDown(event: Event): void {
    const raw = (event.target as HTMLInputElement).value;
    this.downSeconds.set(raw.trim() === '' ? null : Number(raw));
  }

  protected injectFault(kind: SimulatorFaultKind): void {
    const fault: SimulatorFaultDto = kind === 'drop' ? { kind } : { kind, downMs: (this.downSeconds() ?? 0) * 1000 };
    this.busy.set(true);
    this.message.set(null);
    this.api.injectFault(fault).subscribe({
      next: (r) => {
        this.busy.set(false);
        const down = r.downMs === null ? '' : ` for ${r.downMs / 1000} s`;
        this.message.set(`${DONE[r.kind]}${down} at ${formatTime(r.at)}; watch the gateway state in the status bar.`);
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.message.set(`Fault not injected: ${apiErrorMessage(e)}`);
      },
    });
  }
}
