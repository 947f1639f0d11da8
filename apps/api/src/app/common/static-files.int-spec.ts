/**
 * The console's files (ADR 0019): index.html is revalidated on every load (no-cache), hashed assets are cached for a
 * year as immutable, other files an hour; everything over 1 KB is compressed as Accept-Encoding asks.
 */
import 'reflect-metadata';
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../../testing/test-app';

function get(baseUrl: string, path: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${baseUrl}${path}`, { headers }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      })
      .on('error', reject);
  });
}

describe('console static files: caching and compression', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const webRoot = t.config.webRoot;
    mkdirSync(webRoot, { recursive: true });
    writeFileSync(join(webRoot, 'index.html'), `<html><body>${'<p>console</p>'.repeat(200)}<script src="main-4FJQX2ZK.js"></script></body></html>`);
    writeFileSync(join(webRoot, 'main-4FJQX2ZK.js'), `console.log(${JSON.stringify('x'.repeat(4000))});`);
    writeFileSync(join(webRoot, 'favicon.ico'), Buffer.alloc(200));
    await t.close();
    t = await createTestApp({ env: { WEB_ROOT: webRoot } });
  });
  afterAll(() => t.close());

  it('index.html (also as the SPA fallback) is no-cache; hashed assets immutable for a year; others an hour', async () => {
    for (const path of ['/', '/index.html', '/scanner']) {
      const res = await get(t.baseUrl, path, { Accept: 'text/html' });
      expect({ path, status: res.status, cc: res.headers['cache-control'] }).toEqual({ path, status: 200, cc: 'no-cache' });
    }
    const js = await get(t.baseUrl, '/main-4FJQX2ZK.js', {});
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get(t.baseUrl, '/favicon.ico', {})).headers['cache-control']).toBe('public, max-age=3600');
  });

  it('compresses the console files by Accept-Encoding', async () => {
    expect((await get(t.baseUrl, '/main-4FJQX2ZK.js', { 'Accept-Encoding': 'br' })).headers['content-encoding']).toBe('br');
    expect((await get(t.baseUrl, '/', { Accept: 'text/html', 'Accept-Encoding': 'gzip' })).headers['content-encoding']).toBe('gzip');
    expect((await get(t.baseUrl, '/main-4FJQX2ZK.js', { 'Accept-Encoding': 'identity' })).headers['content-encoding']).toBeUndefined();
  });
});
