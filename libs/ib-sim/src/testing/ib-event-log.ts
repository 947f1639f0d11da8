import { EventName, IBApi } from '@stoqey/ib';

export interface LoggedEvent {
  name: string;
  args: unknown[];
}

export interface LoggedError {
  code: number;
  reqId: number;
  message: string;
}

/**
 * Records every event an `IBApi` emits (through its `all` event) so tests can wait for and assert on them.
 * Also keeps an `error` listener attached, which an EventEmitter needs to not throw on "error".
 */
export class IbEventLog {
  readonly events: LoggedEvent[] = [];
  private readonly waiters = new Set<{ pred: (e: LoggedEvent) => boolean; done: (e: LoggedEvent) => void }>();

  constructor(readonly api: IBApi) {
    api.on(EventName.all, (name: string, args: unknown[]) => this.push({ name, args }));
    api.on(EventName.error, () => undefined);
    api.on(EventName.disconnected, () => this.push({ name: '__disconnected', args: [] }));
  }

  private push(e: LoggedEvent): void {
    this.events.push(e);
    for (const w of [...this.waiters]) {
      if (w.pred(e)) {
        this.waiters.delete(w);
        w.done(e);
      }
    }
  }

  named(name: string): LoggedEvent[] {
    return this.events.filter((e) => e.name === name);
  }

  /** Errors with a request id (stoqey `error` event). */
  errors(): LoggedError[] {
    return this.named(EventName.error).map((e) => ({
      message: (e.args[0] as Error).message,
      code: e.args[1] as number,
      reqId: e.args[2] as number,
    }));
  }

  /** Messages with id -1 (stoqey `info` event: farm status, 1100/1101/1102, 326, 100 …). */
  infos(): { code: number; message: string }[] {
    return this.named(EventName.info).map((e) => ({ message: e.args[0] as string, code: e.args[1] as number }));
  }

  /** Resolves with the first event (already logged or future) matching; rejects after `timeoutMs`. */
  waitFor(pred: (e: LoggedEvent) => boolean, timeoutMs = 4000, what = 'event'): Promise<LoggedEvent> {
    const hit = this.events.find(pred);
    if (hit) return Promise.resolve(hit);
    return this.waitForNext(pred, timeoutMs, what);
  }

  /** Like waitFor but ignores events already logged. */
  waitForNext(pred: (e: LoggedEvent) => boolean, timeoutMs = 4000, what = 'event'): Promise<LoggedEvent> {
    return new Promise((resolve, reject) => {
      const w = {
        pred,
        done: (e: LoggedEvent) => {
          clearTimeout(t);
          resolve(e);
        },
      };
      const t = setTimeout(() => {
        this.waiters.delete(w);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last events: ${this.tail()}`));
      }, timeoutMs);
      // A wait a test gave up on (or never awaited) must not keep Jest's process alive after the run.
      t.unref();
      this.waiters.add(w);
    });
  }

  waitForEvent(name: string, pred: (args: unknown[]) => boolean = () => true, timeoutMs = 4000): Promise<unknown[]> {
    return this.waitFor((e) => e.name === name && pred(e.args), timeoutMs, name).then((e) => e.args);
  }

  waitForError(code: number, reqId?: number, timeoutMs = 4000): Promise<LoggedError> {
    return this.waitFor(
      (e) => e.name === EventName.error && e.args[1] === code && (reqId === undefined || e.args[2] === reqId),
      timeoutMs,
      `error ${code}${reqId === undefined ? '' : ` for ${reqId}`}`,
    ).then((e) => ({ message: (e.args[0] as Error).message, code, reqId: e.args[2] as number }));
  }

  waitForInfo(code: number, timeoutMs = 4000): Promise<string> {
    return this.waitFor(
      (e) => e.name === EventName.info && e.args[1] === code,
      timeoutMs,
      `info ${code}`,
    ).then((e) => e.args[0] as string);
  }

  waitForDisconnect(timeoutMs = 4000): Promise<void> {
    return this.waitFor((e) => e.name === '__disconnected', timeoutMs, 'disconnect').then(() => undefined);
  }

  private tail(): string {
    return this.events
      .slice(-8)
      .map((e) => `${e.name}(${JSON.stringify(e.args).slice(0, 80)})`)
      .join(', ');
  }
}
