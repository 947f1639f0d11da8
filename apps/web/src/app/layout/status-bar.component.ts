import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import type { RecentError } from '@ibsc/shared-dto';
import { SystemStatusService } from '../core/system-status/system-status.service';
import { formatUptime } from '../shared/format';
import { GatewayIndicatorComponent } from '../shared/gateway-indicator.component';
import { UsageMeterComponent } from '../shared/usage-meter.component';

/** A gateway error older than this is shown muted. */
export const OLD_ERROR_MS = 5 * 60_000;

/** "just now", "40 s ago", "12 min ago", "3 h ago". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ago`;
}

function newest(errors: readonly RecentError[]): RecentError | undefined {
  return errors.reduce<RecentError | undefined>((best, e) => (!best || e.at > best.at ? e : best), undefined);
}

/** The always-visible strip at the bottom of every page, live from `system.status`. */
@Component({
  selector: 'ibsc-status-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [GatewayIndicatorComponent, UsageMeterComponent],
  host: { role: 'contentinfo', 'aria-label': 'System status' },
  template: `
    @let s = status();
    <div class="status-bar" [attr.data-link]="link()">
      @switch (link()) {
        @case ('signed-out') {
          <span class="muted" role="status">Sign in to see live status</span>
        }
        @case ('connecting') {
          <span class="pulse-text" role="status">Connecting to server…</span>
        }
        @case ('disconnected') {
          <span class="badge badge--danger link-down" role="alert" [title]="linkError() ?? ''">
            <span class="pulse-dot" aria-hidden="true"></span> Disconnected from server
            @if (s) {
              <span class="link-down__note">(last known state)</span>
            }
          </span>
        }
        @case ('connected') {
          @if (!s) {
            <span class="muted" role="status">Waiting for status…</span>
          }
        }
      }
      @if (s && link() !== 'signed-out') {
        <span class="status-bar__item">
          <span class="label">Gateway</span>
          <ibsc-gateway-indicator [gateway]="s.gateway" />
        </span>
        <span class="status-bar__item">
          <span class="label">Up</span>
          <span class="value" data-testid="uptime">{{ uptime() }}</span>
        </span>
        <span class="status-bar__item">
          <span class="label" id="md-lines-label">Lines</span>
          <ibsc-usage-meter [active]="s.marketData.active" [max]="s.marketData.max" label="Market-data lines in use" />
          @if (s.marketData.waiting > 0) {
            <span class="muted">+{{ s.marketData.waiting }} waiting</span>
          }
        </span>
        <span class="status-bar__item">
          <span class="label">Queue</span>
          <span class="value" data-testid="queue-depth">{{ s.requests.queueDepth }}</span>
          @if (s.requests.throttled) {
            <span class="badge badge--warning" data-testid="throttled">throttled</span>
          }
        </span>
        <span class="status-bar__item">
          <span class="label">DB</span>
          <span class="badge" [class.badge--ok]="s.database === 'up'" [class.badge--danger]="s.database === 'down'">{{
            s.database
          }}</span>
        </span>
      }
      @if (lastError(); as err) {
        <span class="status-bar__item status-bar__error" [class.status-bar__error--old]="err.old" [title]="err.title">
          <span class="label">Last error</span>
          <span class="value">{{ err.text }}</span>
          @if (err.age) {
            <span class="age">· {{ err.age }}</span>
          }
        </span>
      }
    </div>
  `,
  styles: `
    :host {
      display: block;
      border-top: 1px solid var(--border);
      background: var(--surface-2);
      font-size: 0.8rem;
    }
    .status-bar {
      display: flex;
      align-items: center;
      flex-wrap: wrap;
      gap: 0.4rem 1.1rem;
      min-height: 2rem;
      padding: 0.25rem 1rem;
    }
    .status-bar[data-link='disconnected'] {
      background: var(--danger-bg);
    }
    .status-bar__item {
      display: inline-flex;
      align-items: center;
      gap: 0.35rem;
      white-space: nowrap;
    }
    [data-link='disconnected'] .status-bar__item {
      opacity: 0.6;
    }
    .link-down__note {
      font-weight: 400;
    }
    .label {
      color: var(--text-muted);
    }
    .value {
      font-variant-numeric: tabular-nums;
    }
    .status-bar__error {
      min-width: 0;
      flex: 1 1 12rem;
      color: var(--danger-text);
    }
    .status-bar__error--old {
      color: var(--text-muted);
    }
    .status-bar__error .age {
      color: var(--text-muted);
    }
    .status-bar__error .value {
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .link-down {
      display: inline-flex;
      align-items: center;
      gap: 0.35rem;
    }
  `,
})
export class StatusBarComponent {
  private readonly system = inject(SystemStatusService);

  protected readonly link = this.system.link;
  protected readonly linkError = this.system.linkError;
  protected readonly status = this.system.status;
  protected readonly uptime = computed(() => {
    const s = this.status();
    return s ? formatUptime(s.uptimeSeconds) : '';
  });
  /**
   * The newest error: a gateway error from the heartbeat (with its age on the server's clock, and muted once it is
   * older than OLD_ERROR_MS: still there to read, no longer an alarm), else one the server pushed.
   */
  protected readonly lastError = computed<{ text: string; title: string; age: string | null; old: boolean } | null>(() => {
    const s = this.status();
    const recent = newest(s?.lastErrors ?? []);
    if (recent && s) {
      const text = `${recent.code}: ${recent.message}`;
      const ageMs = Date.parse(s.at) - Date.parse(recent.at);
      const known = Number.isFinite(ageMs);
      return { text, title: `${text} (at ${recent.at})`, age: known ? formatAge(ageMs) : null, old: known && ageMs > OLD_ERROR_MS };
    }
    const pushed = this.system.serverError();
    return pushed ? { text: pushed, title: pushed, age: null, old: false } : null;
  });
}
