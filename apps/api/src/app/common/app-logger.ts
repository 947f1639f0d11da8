/**
 * The API's logger: Nest's LoggerService on pino (ADR 0007).
 *  - stdout not a terminal (containers, Loki): one JSON object per line — time, level, context, msg, requestId when
 *    the line belongs to a request, replica and owner (does this replica own the IB session) on every line;
 *  - stdout a terminal (`npm start`): the same lines, readable (pino-pretty);
 *  - secrets redacted wherever they appear in a logged object (passwords, tokens, secrets, authorization headers);
 *  - Nest's start-up chatter (one line per module and per route) only at debug level.
 */
import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevelName } from '../config/app-config';
import { requestContext } from './request-context';

/** Paths whose values never reach the log (pino's redact syntax: every level of nesting listed). */
export const REDACTED_PATHS = ['password', 'newPassword', 'token', 'accessToken', 'refreshToken', 'secret', 'jwtSecret', 'authorization', 'databaseUrl', 'databaseMigrationUrl']
  .flatMap((k) => [k, `*.${k}`, `*.*.${k}`])
  .concat(['headers.authorization', 'req.headers.authorization', 'headers.cookie', 'req.headers.cookie']);

/** Nest contexts that log one line per module, controller and route at start-up. */
const CHATTY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'WebSocketsController', 'NestFactory']);

export interface AppLoggerOptions {
  level?: LogLevelName;
  replica?: string;
  /** Where lines go; default stdout (pretty when it is a terminal). */
  destination?: DestinationStream;
  pretty?: boolean;
}

export class AppLogger implements LoggerService {
  readonly pino: Logger;
  private owner: () => boolean | undefined = () => undefined;

  constructor(options: AppLoggerOptions = {}) {
    const pretty = options.pretty ?? (!options.destination && process.stdout.isTTY === true);
    const destination = options.destination ?? (pretty ? prettyStream() : pino.destination({ fd: 1, sync: true }));
    this.pino = pino(
      {
        level: options.level ?? 'info',
        base: options.replica ? { replica: options.replica } : {},
        timestamp: pino.stdTimeFunctions.isoTime,
        messageKey: 'msg',
        formatters: { level: (label) => ({ level: label }) },
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        mixin: () => {
          const requestId = requestContext.getStore()?.requestId;
          const owner = this.owner();
          return { ...(requestId ? { requestId } : {}), ...(owner === undefined ? {} : { owner }) };
        },
      },
      destination,
    );
  }

  /** Once the app is up: whether this replica owns the IB session, read for every line. */
  reportOwner(read: () => boolean): void {
    this.owner = read;
  }

  setLevel(level: LogLevelName): void {
    this.pino.level = level;
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
    this.emit('fatal', message, rest);
  }

  private emit(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug', message: unknown, rest: unknown[]): void {
    // Nest passes (message, context) or (message, stack, context) for errors.
    const args = [...rest];
    const context = typeof args[args.length - 1] === 'string' ? (args.pop() as string) : undefined;
    if (level === 'info' && context && CHATTY_CONTEXTS.has(context)) level = 'debug';
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = context ? { context } : {};
    let msg: string | undefined;
    if (message instanceof Error) {
      msg = message.message;
      fields['stack'] = message.stack;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(fields, message);
    } else {
      msg = String(message);
    }
    for (const extra of args) {
      if (typeof extra === 'string' && extra.includes('\n    at ')) fields['stack'] = extra;
      else if (extra !== undefined) fields['extra'] = extra;
    }
    this.pino[level](fields, msg);
  }
}

function prettyStream(): DestinationStream {
  // Loaded only for a terminal; pino-pretty is a dependency like pino.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: pretty } = require('pino-pretty') as { default: (o: Record<string, unknown>) => DestinationStream };
  return pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,replica,context', messageKey: 'msg', messageFormat: '{if context}[{context}] {end}{msg}', singleLine: true });
}
