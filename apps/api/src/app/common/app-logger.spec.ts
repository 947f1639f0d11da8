import { Writable } from 'node:stream';
import { AppLogger } from './app-logger';
import { requestContext } from './request-context';

function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('AppLogger (pino)', () => {
  it('writes one JSON object per line with time, level, context, msg and the replica', () => {
    const out = capture();
    const log = new AppLogger({ destination: out.stream, replica: 'api-1' });
    log.log('hello', 'main');
    log.warn({ msg: 'slow', ms: 12 }, 'scan');
    expect(out.lines()).toEqual([
      { time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), level: 'info', replica: 'api-1', context: 'main', msg: 'hello' },
      { time: expect.any(String), level: 'warn', replica: 'api-1', context: 'scan', msg: 'slow', ms: 12 },
    ]);
  });

  it('adds the request id inside a request and the session owner once known', () => {
    const out = capture();
    const log = new AppLogger({ destination: out.stream });
    requestContext.run({ requestId: 'req-42' }, () => log.log('in a request', 'http'));
    let owner = false;
    log.reportOwner(() => owner);
    log.log('standby');
    owner = true;
    log.log('owner now');
    expect(out.lines().map((l) => [l['msg'], l['requestId'], l['owner']])).toEqual([
      ['in a request', 'req-42', undefined],
      ['standby', undefined, false],
      ['owner now', undefined, true],
    ]);
  });

  it('redacts passwords, tokens, secrets and authorization headers at any depth', () => {
    const out = capture();
    const log = new AppLogger({ destination: out.stream });
    log.log({ msg: 'login', username: 'ann', password: 'hunter2-long', body: { token: 't0k', nested: { jwtSecret: 's3cr3t' } }, headers: { authorization: 'Bearer abc' } });
    const line = JSON.stringify(out.lines()[0]);
    for (const secret of ['hunter2-long', 't0k', 's3cr3t', 'Bearer abc']) expect(line).not.toContain(secret);
    expect(out.lines()[0]).toMatchObject({ username: 'ann', password: '[redacted]', headers: { authorization: '[redacted]' } });
  });

  it('honours the level, keeps errors with their stack, and moves Nest start-up chatter to debug', () => {
    const out = capture();
    const log = new AppLogger({ destination: out.stream, level: 'info' });
    log.debug('not shown');
    log.log('Mapped {/api/v1/health, GET} route', 'RouterExplorer');
    log.error(new Error('boom'), 'orders');
    log.error('failed', 'Error: x\n    at here', 'scan');
    expect(out.lines().map((l) => [l['level'], l['context'], l['msg'], typeof l['stack']])).toEqual([
      ['error', 'orders', 'boom', 'string'],
      ['error', 'scan', 'failed', 'string'],
    ]);
    log.setLevel('debug');
    log.log('Mapped {/x, GET} route', 'RouterExplorer');
    expect(out.lines().at(-1)).toMatchObject({ level: 'debug', context: 'RouterExplorer' });
  });
});
