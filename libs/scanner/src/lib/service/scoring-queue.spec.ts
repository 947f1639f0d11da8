import type { ScoringBackend } from '../worker/scoring-backend';
import type { ScoreReply } from '../worker/scoring-host';
import { ScoringQueue } from './scoring-queue';

const reply = { changed: [], order: null, funnel: {}, ms: 1, scope: 'all', rows: 0, ages: null, workspaceBytes: 0 } as unknown as ScoreReply;

/** A backend whose replies the test hands out, one scoring at a time. */
function backend() {
  const answers: Array<(r: ScoreReply) => void> = [];
  const b = { score: () => new Promise<ScoreReply>((resolve) => answers.push(resolve)) } as unknown as ScoringBackend;
  return { b, answer: () => answers.shift()?.(reply), asked: () => answers.length };
}

describe('ScoringQueue', () => {
  it('a reply is applied in a turn of its own, and what follows in another: I/O waiting meanwhile runs between them', async () => {
    const log: string[] = [];
    const { b, answer, asked } = backend();
    const q = new ScoringQueue(b, { input: () => ({ symbols: [], now: 0, chains: new Map() }), applied: () => log.push('applied'), failed: () => log.push('failed'), after: () => log.push('after') });
    const run = q.request(null, 'batch');
    await new Promise((r) => setImmediate(r));
    expect(asked()).toBe(1);
    answer(); // the reply's message arrives...
    setImmediate(() => log.push('io 1')); // ...and so do requests, in the same turn
    setImmediate(() => setImmediate(() => log.push('io 2')));
    await run;
    expect(log).toEqual(['io 1', 'applied', 'io 2', 'after']);
  });

  it('rows cleared while a reply waits for its turn: it is not applied, and nothing follows it', async () => {
    const log: string[] = [];
    const { b, answer } = backend();
    const q = new ScoringQueue(b, { input: () => ({ symbols: [], now: 0, chains: new Map() }), applied: () => log.push('applied'), failed: () => log.push('failed'), after: () => log.push('after') });
    const run = q.request(null, 'batch');
    await new Promise((r) => setImmediate(r));
    answer();
    q.clear(); // in the same turn as the reply, before its rows are applied
    await run;
    expect(log).toEqual([]);
  });
});
