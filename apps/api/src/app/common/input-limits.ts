import type { NextFunction, Request, Response } from 'express';

/**
 * Limits every request passes before JSON.parse and class-validator see it (ADR 0008). One linear pass over the raw
 * bytes: it refuses what would cost a lot later (deep nesting recurses in validation and transformation), or reach
 * PostgreSQL and fail there (NUL), with a 400 that names the problem.
 */
export const INPUT_LIMITS = {
  /** Largest request body, JSON or form. */
  bodyBytes: 1024 * 1024,
  /** Deepest nesting of objects and arrays; the deepest legitimate body (a preset import) uses 5. */
  jsonDepth: 32,
  /** Longest string in a JSON body, in characters of its raw text; the longest DTO field allows 500. */
  stringChars: 10_000,
} as const;

/** Thrown from body-parser's `verify` hook; body-parser keeps its status, the exception filter shows its message. */
export class InputLimitError extends Error {
  readonly status = 400;
  readonly expose = true;
  readonly type = 'input.limit';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function assertUtf8(buf: Buffer): void {
  try {
    utf8.decode(buf);
  } catch {
    throw new InputLimitError('request body is not valid UTF-8');
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/** True when buf[i..] is `u0000` (the tail of a `\u0000` escape). */
function isNulEscape(buf: Buffer, i: number): boolean {
  return buf[i] === 0x75 && buf[i + 1] === 0x30 && buf[i + 2] === 0x30 && buf[i + 3] === 0x30 && buf[i + 4] === 0x30;
}

/** Checks a raw JSON body: UTF-8, no NUL (raw or `\u0000`), nesting depth, string length. Throws InputLimitError. */
export function checkJsonBody(buf: Buffer, limits: { jsonDepth: number; stringChars: number } = INPUT_LIMITS): void {
  assertUtf8(buf);
  let depth = 0;
  let inString = false;
  let chars = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b === 0) throw new InputLimitError('request body contains a NUL character');
    if (inString) {
      if (b === BACKSLASH) {
        if (isNulEscape(buf, i + 1)) throw new InputLimitError('request body contains a NUL character (\\u0000)');
        i++;
        chars++;
      } else if (b === QUOTE) {
        inString = false;
      } else if ((b & 0xc0) !== 0x80) {
        chars++;
      }
      if (chars > limits.stringChars) {
        throw new InputLimitError(`a string in the request body is longer than ${limits.stringChars} characters`);
      }
      continue;
    }
    if (b === QUOTE) {
      inString = true;
      chars = 0;
    } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      if (++depth > limits.jsonDepth) {
        throw new InputLimitError(`request body is nested deeper than ${limits.jsonDepth} levels`);
      }
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
      depth--;
    }
  }
}

/** A form body: UTF-8 and no NUL (raw or `%00`). */
export function checkFormBody(buf: Buffer): void {
  assertUtf8(buf);
  if (buf.includes(0) || /%00/i.test(buf.toString('latin1'))) throw new InputLimitError('request body contains a NUL character');
}

/** Express middleware: a URL (path or query) with a NUL, or that does not decode as UTF-8, is refused with 400. */
export function rejectBadUrls(req: Request, res: Response, next: NextFunction): void {
  const url = req.originalUrl ?? req.url;
  if (/%00/i.test(url) || url.includes('\0')) return next(new InputLimitError('the URL contains a NUL character'));
  try {
    decodeURIComponent(url);
  } catch {
    return next(new InputLimitError('the URL is not valid percent-encoded UTF-8'));
  }
  next();
}
