import type { Clock, TimerHandle } from '../clock/clock';
import type { IbkrEventBus } from '../events/ibkr-event-bus';
import { RestartPhase, RestartSchedule } from '../restart/restart-schedule';

/**
 * Daily restart awareness: knows when the gateway restarts (IB_RESTART_TIME in IB_RESTART_TZ), publishes the
 * 5-minute warning, the window (a drop inside it is expected: logged, no alert, reconnect polling ≤ 1 s) and its
 * end. Timers run on the injected clock, to the next boundary; in the API, @nestjs/schedule cron jobs at the
 * warning and restart wall times call `check()` too (idempotent), so a suspended or drifting host catches up.
 */
export class DailyRestartService {
  private phaseNow: RestartPhase;
  private timer: TimerHandle | undefined;

  constructor(
    readonly schedule: RestartSchedule,
    private readonly clock: Clock,
    private readonly bus: IbkrEventBus,
  ) {
    this.phaseNow = schedule.phase(clock.now());
  }

  get phase(): RestartPhase {
    return this.phaseNow;
  }

  /** Inside the restart window now. */
  inWindow(): boolean {
    return this.schedule.inWindow(this.clock.now());
  }

  nextRestartAt(): number {
    return this.schedule.nextStart(this.clock.now());
  }

  /** Cron expressions (second minute hour …) of the warning and the restart, for @nestjs/schedule. */
  cronExpressions(): { warning: string; restart: string } {
    const { hour, minute } = this.schedule;
    const warnTotal = (hour * 60 + minute - Math.round(this.schedule.warnMs / 60_000) + 1440) % 1440;
    return { warning: `0 ${warnTotal % 60} ${Math.floor(warnTotal / 60)} * * *`, restart: `0 ${minute} ${hour} * * *` };
  }

  start(): void {
    this.check();
  }

  stop(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Re-evaluates the phase, publishes a change, and arms the timer for the next boundary. */
  check(): RestartPhase {
    const now = this.clock.now();
    const phase = this.schedule.phase(now);
    if (phase !== this.phaseNow) {
      this.phaseNow = phase;
      this.bus.emit('restart', { phase, nextRestartAt: this.schedule.nextStart(now), at: now });
    }
    this.arm(now);
    return phase;
  }

  private arm(now: number): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    const next = this.schedule.nextStart(now);
    const last = this.schedule.lastStart(now);
    const boundaries = [next - this.schedule.warnMs, next, last + this.schedule.windowMs].filter((t) => t > now);
    const at = Math.min(...boundaries);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.check();
    }, at - now);
  }
}
