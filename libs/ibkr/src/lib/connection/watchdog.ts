import type { Clock, TimerHandle } from '../clock/clock';

export interface WatchdogOptions {
  clock: Clock;
  /** Silence (no byte from the gateway) before probing. WATCHDOG_TIMEOUT. */
  idleMs: number;
  /** How long the probe may take. */
  probeTimeoutMs: number;
  /** Sends reqCurrentTime and resolves on the answer (rejects on failure). */
  probe: () => Promise<unknown>;
  /** Called once when the probe fails or times out: the socket is dead though it may look open. */
  onDead: (reason: string) => void;
}

/**
 * Dead-socket detection: an idle timer, then a probe with a timeout. A half-open TCP connection (the gateway
 * vanished without a FIN, or stopped answering) is found within idleMs + probeTimeoutMs.
 */
export class Watchdog {
  private lastActivity = 0;
  private timer: TimerHandle | undefined;
  private probeTimer: TimerHandle | undefined;
  private running = false;
  private generation = 0;
  probes = 0;

  constructor(private readonly opts: WatchdogOptions) {}

  start(): void {
    this.stop();
    this.running = true;
    this.lastActivity = this.opts.clock.now();
    this.arm(this.opts.idleMs);
  }

  stop(): void {
    this.running = false;
    this.generation++;
    if (this.timer) this.opts.clock.clearTimeout(this.timer);
    if (this.probeTimer) this.opts.clock.clearTimeout(this.probeTimer);
    this.timer = this.probeTimer = undefined;
  }

  /** Something arrived from the gateway. Cheap: no timer is touched. */
  activity(): void {
    this.lastActivity = this.opts.clock.now();
  }

  private arm(ms: number): void {
    if (this.timer) this.opts.clock.clearTimeout(this.timer);
    this.timer = this.opts.clock.setTimeout(() => this.check(), Math.max(1, ms));
  }

  private check(): void {
    this.timer = undefined;
    if (!this.running) return;
    const idle = this.opts.clock.now() - this.lastActivity;
    if (idle < this.opts.idleMs) {
      this.arm(this.opts.idleMs - idle);
      return;
    }
    this.probe();
  }

  private probe(): void {
    const gen = this.generation;
    this.probes++;
    let settled = false;
    const fail = (reason: string) => {
      if (settled || gen !== this.generation || !this.running) return;
      settled = true;
      if (this.probeTimer) this.opts.clock.clearTimeout(this.probeTimer);
      this.probeTimer = undefined;
      this.running = false;
      this.opts.onDead(reason);
    };
    this.probeTimer = this.opts.clock.setTimeout(
      () => fail(`watchdog: no answer to reqCurrentTime within ${this.opts.probeTimeoutMs} ms after ${this.opts.idleMs} ms of silence`),
      this.opts.probeTimeoutMs,
    );
    this.opts.probe().then(
      () => {
        if (settled || gen !== this.generation) return;
        settled = true;
        if (this.probeTimer) this.opts.clock.clearTimeout(this.probeTimer);
        this.probeTimer = undefined;
        this.activity();
        this.arm(this.opts.idleMs);
      },
      (e: unknown) => fail(`watchdog: probe failed (${e instanceof Error ? e.message : String(e)})`),
    );
  }
}
