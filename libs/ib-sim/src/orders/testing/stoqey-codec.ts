/**
 * Test helpers that run the real `@stoqey/ib` Encoder and Decoder (the exact code IBApi uses) without a socket:
 * requests are encoded to the field arrays the simulator receives, and server messages are decoded as the client
 * would, with its 505 checks for field counts.
 */
import { Decoder } from '@stoqey/ib/dist/core/io/decoder';
import { Encoder } from '@stoqey/ib/dist/core/io/encoder';
import type { OutField } from '../../protocol/fields';
import { encodeField } from '../../protocol/fields';

const SERVER_VERSION = 193;

function flattenToStrings(tokens: unknown[]): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v === undefined || v === null) out.push('');
    else if (v === true || v === false) out.push(v ? '1' : '0');
    else out.push(String(v));
  };
  walk(tokens);
  return out;
}

/** Runs `fn` against a real stoqey Encoder at version 193 and returns each message as the simulator receives it. */
export function encodeWithStoqey(fn: (encoder: Encoder) => void): string[][] {
  const messages: string[][] = [];
  const encoder = new Encoder({
    serverVersion: SERVER_VERSION,
    sendMsg: (...tokens: unknown[]) => messages.push(flattenToStrings(tokens)),
    emitError: (msg: string, code: number) => {
      throw new Error(`encoder error ${code}: ${msg}`);
    },
  });
  fn(encoder);
  return messages;
}

export interface DecodedEvent {
  name: string;
  args: unknown[];
}

/**
 * Decodes server messages (field arrays with the message id first) with the real stoqey Decoder. `events` holds
 * everything in order (errors as name 'error' with [message, code, id]); `errors` only the errors.
 */
export function decodeWithStoqey(messages: OutField[][]): { events: DecodedEvent[]; errors: DecodedEvent[] } {
  const events: DecodedEvent[] = [];
  const errors: DecodedEvent[] = [];
  const decoder = new Decoder({
    serverVersion: SERVER_VERSION,
    emitEvent: (name: string, ...args: unknown[]) => events.push({ name, args }),
    emitError: (msg: string, code: number, reqId?: number) => {
      const e = { name: 'error', args: [msg, code, reqId] };
      errors.push(e);
      events.push(e);
    },
    emitInfo: (msg: string, code: number) => events.push({ name: 'info', args: [msg, code] }),
  });
  for (const m of messages) decoder.enqueueMessage(m.map(encodeField));
  decoder.process();
  return { events, errors };
}
