import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import type { FarmState, GatewayStatus } from '@ibsc/shared-dto';
import { apiErrorMessage } from '../../core/api/api-error';
import { AuthService } from '../../core/auth/auth.service';
import { SystemStatusService } from '../../core/system-status/system-status.service';
import { EmptyStateComponent } from '../../shared/empty-state.component';
import { formatTime, formatUptime } from '../../shared/format';
import { GatewayIndicatorComponent } from '../../shared/gateway-indicator.component';
import { UsageMeterComponent } from '../../shared/usage-meter.component';
import { SimulatedGatewayComponent } from './simulated-gateway.component';
import { SystemApiService } from './system-api.service';

/** Everything in the latest `system.status`, laid out for reading. */
@Component({
  selector: 'ibsc-system-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [EmptyStateComponent, GatewayIndicatorComponent, SimulatedGatewayComponent, UsageMeterComponent],
  template: `
    <h1 class="page-title">System</h1>
    @if (link() === 'disconnected') {
      <p class="banner banner--danger" role="alert">
        Disconnected from server{{ linkError() ? ': ' + linkError() : '' }}.
        @if (status(); as last) {
          Showing the last status received at {{ time(last.at) }}.
        }
      </p>
    }
    @if (status(); as s) {
      <div class="cards">
        <section class="card" aria-labelledby="sys-gateway">
          <h2 id="sys-gateway">Gateway</h2>
          <dl>
            <dt>State</dt>
            <dd><ibsc-gateway-indicator [gateway]="s.gateway" /></dd>
            <dt>Address</dt>
            <dd>{{ s.gateway.host }}:{{ s.gateway.port }}</dd>
            <dt>Account</dt>
            <dd>{{ s.gateway.accountId ?? '—' }}</dd>
            <dt>Next restart</dt>
            <dd>{{ time(s.gateway.nextRestartAt) }}{{ s.gateway.expectedRestart ? ' (restart window now)' : '' }}</dd>
            <dt>Message</dt>
            <dd>{{ s.gateway.message ?? '—' }}</dd>
            <dt>Client id</dt>
            <dd>{{ s.gateway.clientId ?? '—' }}{{ s.gateway.usingFallbackClientId ? ' (fallback after error 326)' : '' }}</dd>
            <dt>Server version</dt>
            <dd>{{ s.gateway.serverVersion ?? '—' }}</dd>
            <dt>Session uptime</dt>
            <dd>{{ s.gateway.uptimeSeconds == null ? '—' : up(s.gateway.uptimeSeconds) }}</dd>
            <dt>Reconnects</dt>
            <dd>{{ s.gateway.reconnects ?? '—' }}</dd>
            <dt>Next order id</dt>
            <dd>{{ s.gateway.nextOrderId ?? '—' }}</dd>
          </dl>
          <div class="actions">
            <button type="button" class="button button--small" (click)="reconnect()" [disabled]="reconnecting()">{{ reconnecting() ? 'Reconnecting…' : 'Reconnect gateway' }}</button>
            @if (reconnectMessage(); as m) {
              <span class="muted" role="status">{{ m }}</span>
            }
          </div>
        </section>
        @if (isAdmin()) {
          <ibsc-simulated-gateway [gateway]="s.gateway" />
        }
        <section class="card" aria-labelledby="sys-farms">
          <h2 id="sys-farms">Data farms and restart window</h2>
          <dl>
            @for (f of farms(s.gateway.farms); track f.name) {
              <dt>{{ f.name }}</dt>
              <dd><span class="badge" [class.badge--ok]="f.state === 'ok'" [class.badge--danger]="f.state === 'broken'">{{ f.state }}</span></dd>
            }
            <dt>Restart window</dt>
            <dd>{{ s.gateway.expectedRestart ? 'now: disconnects are expected and reconnected automatically' : 'not now' }}</dd>
            <dt>Gateway kind</dt>
            <dd>{{ s.gateway.kind === 'simulator' ? 'Simulator (built in)' : 'TWS / IB Gateway' }}</dd>
          </dl>
        </section>
        <section class="card" aria-labelledby="sys-capacity">
          <h2 id="sys-capacity">Capacity</h2>
          <dl>
            <dt>Market-data lines</dt>
            <dd><ibsc-usage-meter [active]="s.marketData.active" [max]="s.marketData.max" label="Market-data lines in use" /></dd>
            <dt>Waiting for a line</dt>
            <dd>{{ s.marketData.waiting }}</dd>
            <dt>Request queue</dt>
            <dd>{{ s.requests.queueDepth }}</dd>
            <dt>Pacing</dt>
            <dd>{{ s.requests.throttled ? 'Throttled' : 'Normal' }}</dd>
            <dt>Backpressure</dt>
            <dd>{{ s.requests.backpressure ?? '—' }}</dd>
            <dt>Requests in flight</dt>
            <dd>{{ s.requests.inFlight ?? '—' }}</dd>
            <dt>Message rate</dt>
            <dd>{{ s.requests.ratePerSec == null ? '—' : s.requests.ratePerSec.toFixed(1) + ' /s' }}</dd>
            <dt>Pinned lines</dt>
            <dd>{{ s.marketData.pinned ?? '—' }}</dd>
            <dt>Line evictions</dt>
            <dd>{{ s.marketData.evictions ?? '—' }}</dd>
          </dl>
        </section>
        <section class="card" aria-labelledby="sys-server">
          <h2 id="sys-server">Server</h2>
          <dl>
            <dt>Version</dt>
            <dd>{{ s.version }}</dd>
            <dt>Uptime</dt>
            <dd>{{ uptime() }}</dd>
            <dt>Database</dt>
            <dd>{{ s.database }}</dd>
            <dt>Last update</dt>
            <dd>{{ time(s.at) }}</dd>
          </dl>
        </section>
        @if (s.session; as ses) {
          <section class="card" aria-labelledby="sys-session">
            <h2 id="sys-session">IB session owner</h2>
            <dl>
              <dt>Owner replica</dt>
              <dd data-testid="session-owner">{{ ses.owner ?? 'none (fail-over in progress)' }}</dd>
              <dt>Fencing epoch</dt>
              <dd data-testid="session-epoch">{{ ses.epoch }}</dd>
              <dt>Owner since</dt>
              <dd>{{ ses.acquiredAt ? time(ses.acquiredAt) : '—' }}</dd>
              <dt>Last fail-over</dt>
              <dd>{{ ses.lastFailoverAt ? time(ses.lastFailoverAt) + ' (from ' + ses.previousOwner + ')' : 'never' }}</dd>
              <dt>Take-overs</dt>
              <dd>{{ ses.failovers }}</dd>
            </dl>
          </section>
        }
      </div>
      <section class="card errors" aria-labelledby="sys-errors">
        <h2 id="sys-errors">Recent errors</h2>
        @if (s.lastErrors.length === 0) {
          <p class="muted">No errors reported.</p>
        } @else {
          <table class="table">
            <thead>
              <tr><th scope="col">Time</th><th scope="col">Code</th><th scope="col">Request</th><th scope="col">Message</th></tr>
            </thead>
            <tbody>
              @for (e of s.lastErrors; track $index) {
                <tr><td>{{ time(e.at) }}</td><td>{{ e.code }}</td><td>{{ e.reqId }}</td><td>{{ e.message }}</td></tr>
              }
            </tbody>
          </table>
        }
      </section>
    } @else {
      <ibsc-empty-state title="No status yet" [message]="waitingMessage()" />
    }
  `,
  styles: `
    .cards {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
      gap: 1rem;
      margin-bottom: 1rem;
    }
    .card {
      padding: 1rem 1.25rem;
    }
    h2 {
      margin: 0 0 0.75rem;
      font-size: 1rem;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.4rem 1rem;
      margin: 0;
    }
    dt {
      color: var(--text-muted);
    }
    dd {
      margin: 0;
      font-variant-numeric: tabular-nums;
    }
    .actions {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      margin-top: 0.75rem;
    }
  `,
})
export class SystemPage {
  private readonly system = inject(SystemStatusService);
  protected readonly status = this.system.status;
  protected readonly link = this.system.link;
  protected readonly linkError = this.system.linkError;
  protected readonly uptime = computed(() => formatUptime(this.status()?.uptimeSeconds ?? 0));
  protected readonly waitingMessage = computed(() =>
    this.link() === 'disconnected'
      ? 'The server is not reachable; status will appear when it is.'
      : 'Waiting for the first heartbeat from the server.',
  );
  protected readonly time = formatTime;
  protected readonly up = formatUptime;
  private readonly api = inject(SystemApiService);
  private readonly auth = inject(AuthService);
  /** Fault drills (the simulated gateway panel) are for admins, as the endpoint is. */
  protected readonly isAdmin = computed(() => this.auth.user()?.role === 'admin');
  protected readonly reconnecting = signal(false);
  protected readonly reconnectMessage = signal<string | null>(null);

  protected farms(farms: GatewayStatus['farms']): Array<{ name: string; state: FarmState }> {
    return [
      { name: 'Market data farm', state: farms?.market ?? 'unknown' },
      { name: 'Historical data farm', state: farms?.hmds ?? 'unknown' },
      { name: 'Security definitions', state: farms?.secdef ?? 'unknown' },
    ];
  }

  /** `POST /system/reconnect`: drop and re-open the gateway connection. */
  protected reconnect(): void {
    this.reconnecting.set(true);
    this.reconnectMessage.set(null);
    this.api.reconnect().subscribe({
      next: () => {
        this.reconnecting.set(false);
        this.reconnectMessage.set('Reconnect requested; watch the state above.');
      },
      error: (e: unknown) => {
        this.reconnecting.set(false);
        this.reconnectMessage.set(`Reconnect failed: ${apiErrorMessage(e)}`);
      },
    });
  }
}
