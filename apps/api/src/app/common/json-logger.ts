import { LoggerService } from '@nestjs/common';
import { LogLevelName } from '../config/app-config';
import { requestContext } from './request-context';

const RANK: Record<LogLevelName, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** One JSON object per line on stdout: {time, level, context, msg, requestId?, ...fields}. */
export class JsonLogger implements LoggerService {
  constructor(
    private level: LogLevelName = 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {}

  setLevel(level: LogLevelName): void {
    this.level = level;
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }

  private emit(level: LogLevelName, message: unknown, rest: unknown[]): void {
    if (RANK[level] > RANK[this.level]) return;
    // Nest passes (message, context) or (message, stack, context) for errors.
    const args = [...rest];
    const context = typeof args[args.length - 1] === 'string' ? (args.pop() as string) : undefined;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level };
    if (context) entry['context'] = context;
    const requestId = requestContext.getStore()?.requestId;
    if (requestId) entry['requestId'] = requestId;
    if (message instanceof Error) {
      entry['msg'] = message.message;
      entry['stack'] = message.stack;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(entry, message);
    } else {
      entry['msg'] = String(message);
    }
    for (const extra of args) {
      if (typeof extra === 'string' && extra.includes('\n    at ')) entry['stack'] = extra;
      else if (extra !== undefined) entry['extra'] = extra;
    }
    this.write(JSON.stringify(entry));
  }
}
