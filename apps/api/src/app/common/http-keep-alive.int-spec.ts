/**
 * Idle keep-alive connections stay open longer than a proxy's or a polling client's idle time (KEEP_ALIVE_MS): a
 * connection idle past Node's default 5 s is still reused, not reset.
 */
import 'reflect-metadata';
import http from 'node:http';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { KEEP_ALIVE_MS } from './http-keep-alive';

function get(agent: http.Agent, url: string): Promise<{ status: number; reused: boolean; keepAlive: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket, keepAlive: String(res.headers['keep-alive']) }));
    });
    req.on('error', reject);
  });
}

describe('HTTP keep-alive', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('a connection idle for longer than Node’s default 5 s is reused; the server announces its timeout', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await get(agent, `${t.baseUrl}/api/v1/health/live`);
      expect(first).toEqual({ status: 200, reused: false, keepAlive: `timeout=${KEEP_ALIVE_MS / 1000}` });
      await new Promise((r) => setTimeout(r, 6_000));
      const second = await get(agent, `${t.baseUrl}/api/v1/health/live`);
      expect(second).toMatchObject({ status: 200, reused: true });
      expect(t.app.getHttpServer().headersTimeout).toBeGreaterThan(KEEP_ALIVE_MS);
    } finally {
      agent.destroy();
    }
  }, 20_000);
});
