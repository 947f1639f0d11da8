import type { Clock, TimerHandle } from '@ibsc/ibkr';
import type { PositionsView } from '@ibsc/shared-dto';

export type PushTrigger = 'fill' | 'interval';
export type PushOutcome = 'sent' | 'skipped_busy' | 'failed';

export interface PositionsPublisherDeps {
  /** The positions view (libs/orders PortfolioReads.view(): marks from the live leg lines). */
  view(): Promise<PositionsView>;
  /** Whether any spread is open (database only, no quotes). */
  anyOpen(): Promise<boolean>;
  /** Connected Socket.IO clients. */
  clients(): number;
  emit(view: PositionsView): void;
  clock: Clock;
  intervalMs: number;
  /** One count per push attempt (metrics). */
  counted?(trigger: PushTrigger, outcome: PushOutcome): void;
  warn(message: string): void;
}

/**
 * When `positions.update` goes out: at once after a fill (`changed()`), and every `intervalMs` on the injected clock
 * while at least one client is connected and at least one spread is open, so marks and P&L stay live. One
 * computation at a time: a tick that finds one running is skipped; a change during one runs one more after it (so
 * the newest fill is always shown). Nothing is computed with no client connected.
 */
export class PositionsPublisher {
  private timer: TimerHandle | null = null;
  private running = false;
  private again = false;

  constructor(private readonly d: PositionsPublisherDeps) {}

  start(): void {
    if (this.timer) return;
    this.timer = this.d.clock.setInterval(() => void this.tick(), this.d.intervalMs);
  }

  stop(): void {
    if (this.timer) this.d.clock.clearInterval(this.timer);
    this.timer = null;
  }

  /** A fill or another position change: push now (or right after the push in progress). */
  changed(): Promise<void> {
    if (this.d.clients() === 0) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return Promise.resolve();
    }
    return this.run('fill');
  }

  /** The periodic push (public for tests driving it directly). */
  tick(): Promise<void> {
    if (this.d.clients() === 0) return Promise.resolve();
    if (this.running) {
      this.d.counted?.('interval', 'skipped_busy');
      return Promise.resolve();
    }
    return this.run('interval');
  }

  private async run(trigger: PushTrigger): Promise<void> {
    this.running = true;
    try {
      // The periodic push only while something is open; after a fill always (it may have closed the last spread).
      if (trigger === 'fill' || (await this.d.anyOpen())) {
        const view = await this.d.view();
        this.d.emit(view);
        this.d.counted?.(trigger, 'sent');
      }
    } catch (e) {
      this.d.warn(`positions.update not computed: ${(e as Error).message}`);
      this.d.counted?.(trigger, 'failed');
    } finally {
      this.running = false;
    }
    if (this.again) {
      this.again = false;
      await this.changed();
    }
  }
}
