import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from '../../testing/test-app';

describe('exposure: security headers, metrics and docs (issue 15 #6)', () => {
  describe('defaults', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
      mkdirSync(t.config.webRoot, { recursive: true });
    });
    afterAll(() => t.close());

    it('sends security headers with a CSP that forbids framing and foreign scripts', async () => {
      const res = await t.http().get('/api/v1/health/live').expect(200);
      const csp = res.headers['content-security-policy'] as string;
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('serves /metrics and /api/docs without a token when METRICS_TOKEN and API_DOCS are unset (documented)', async () => {
      await t.http().get('/metrics').expect(200);
      await t.http().get('/api/docs-json').expect(200);
    });
  });

  describe('protected', () => {
    let t: TestApp;
    const token = 'scrape-token-0123456789';
    const INLINE = "document.querySelectorAll('link[data-beasties-media]').forEach(function(l){l.media='all'})";
    let webRoot = '';
    beforeAll(async () => {
      t = await createTestApp({ env: { METRICS_TOKEN: token, API_DOCS: 'off' } });
      webRoot = t.config.webRoot;
      // A console build present, so the SPA fallback would answer anything it is allowed to.
      mkdirSync(t.config.webRoot, { recursive: true });
      writeFileSync(join(t.config.webRoot, 'index.html'), `<html><body><script src="main.js"></script><script>${INLINE}</script></body></html>`);
      await t.close();
      // configureApp reads index.html at start-up: start again now that it exists.
      t = await createTestApp({ env: { METRICS_TOKEN: token, API_DOCS: 'off', WEB_ROOT: webRoot } });
    });
    afterAll(() => t.close());

    it("allows the console's own inline script by hash, and no other inline script", async () => {
      const csp = (await t.http().get('/').set('Accept', 'text/html').expect(200)).headers['content-security-policy'] as string;
      const hash = createHash('sha256').update(INLINE).digest('base64');
      expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
      expect(csp).not.toContain('unsafe-inline\'; script');
      expect(csp.match(/script-src [^;]*/)?.[0]).not.toContain('unsafe-inline');
    });

    it('needs the METRICS_TOKEN bearer token for /metrics', async () => {
      const none = await t.http().get('/metrics').expect(401);
      expect(none.headers['www-authenticate']).toMatch(/Bearer/);
      await t.http().get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789').expect(401);
      const ok = await t.http().get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
      expect(ok.text).toMatch(/ibsc_login_attempts_total|process_cpu/);
    });

    it('does not serve the OpenAPI page with API_DOCS=off', async () => {
      await t.http().get('/api/docs-json').expect(404);
      await t.http().get('/api/docs').set('Accept', 'text/html').expect(404);
    });
  });
});
