import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { createOpenApiDocument } from './openapi/openapi-document';
import { createHash } from 'node:crypto';
import { constants as zlibConstants } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { json, urlencoded, type NextFunction, type Request, type Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import compression from 'compression';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { checkFormBody, checkJsonBody, INPUT_LIMITS, rejectBadUrls } from './common/input-limits';
import { createValidationPipe } from './common/validation';
import type { AppConfig } from './config/app-config';
import { ASYNCAPI_PATH, asyncApiDocument } from './realtime/asyncapi/asyncapi-document';
import { PostgresIoAdapter } from './realtime/postgres-io.adapter';
import { RuntimeMetrics } from './metrics/runtime-metrics';
import { SESSION_DATABASE_URL } from './session/session-roles.service';
import { keepConnectionsAlive } from './common/http-keep-alive';

/** The version both API documents (OpenAPI, AsyncAPI) carry. */
const API_VERSION = '0.1.0';

const NOT_SPA = /^\/(api|metrics|socket\.io)(\/|$)/;

/**
 * Security headers (helmet). The CSP allows what the console needs and nothing else: its own scripts (plus the
 * inline scripts of its index.html by hash: Angular's build adds one that applies the deferred stylesheet), styles
 * inserted at run time (Angular component styles, AG Grid's theming API), data: images, its own Socket.IO.
 * frame-ancestors 'none' so the trading UI cannot be framed.
 */
export const securityHeaders = (inlineScriptHashes: string[] = []) => helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'script-src': ["'self'", ...inlineScriptHashes],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    },
  },
  // The console may be served over plain HTTP on a LAN: HSTS belongs to the TLS proxy in front, not here.
  strictTransportSecurity: false,
  crossOriginEmbedderPolicy: false,
});

/** CSP source expressions ('sha256-…') of the inline <script> elements of an HTML page. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)]
    .filter((m) => m[1].length > 0)
    .map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
  return [...new Set(hashes)];
}

/** A file name with the build's content hash (Angular: `main-4FJQX2ZK.js`, `chunk-…`, `styles-….css`, media). */
const HASHED = /-[A-Z0-9]{8}\.(?:js|mjs|css|woff2?|ttf|otf|svg|png|jpe?g|gif|webp|avif|ico)$/;

/**
 * Cache-Control of the console's files (ADR 0019): hashed assets never change under their name (a year, immutable);
 * index.html names the current ones, so it is revalidated on every load (no-cache, with its ETag); anything else an
 * hour.
 */
export function staticCacheControl(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? '';
  if (name.endsWith('.html')) return 'no-cache';
  if (HASHED.test(name)) return 'public, max-age=31536000, immutable';
  return 'public, max-age=3600';
}

/** Everything main.ts and the integration tests share: limits, headers, prefix, validation, errors, OpenAPI, the console. */
export function configureApp(app: NestExpressApplication | INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  express.disable?.('x-powered-by');
  keepConnectionsAlive(app.getHttpServer());
  if (config.trustProxy > 0) express.set?.('trust proxy', config.trustProxy);
  const webRoot = resolve(config.webRoot);
  const index = join(webRoot, 'index.html');
  const hasConsole = existsSync(index);
  app.use(securityHeaders(hasConsole ? inlineScriptHashes(readFileSync(index, 'utf8')) : []));
  app.use(rejectBadUrls);
  // gzip or brotli, as the client's Accept-Encoding asks, for JSON and the console's files over 1 KB (ADR 0019).
  app.use(compression({ threshold: 1024, brotli: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } } }));
  // Nest's own parsers are skipped when these are present (it looks for jsonParser / urlencodedParser by name).
  app.use(json({ limit: INPUT_LIMITS.bodyBytes, verify: (_req, _res, buf) => checkJsonBody(buf) }));
  app.use(urlencoded({ limit: INPUT_LIMITS.bodyBytes, extended: true, verify: (_req, _res, buf) => checkFormBody(buf) }));
  app.setGlobalPrefix('api/v1', { exclude: ['metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  // Socket.IO events reach the sockets of every replica (ADR 0010).
  const io = new PostgresIoAdapter(app, app.get<string>(SESSION_DATABASE_URL));
  app.useWebSocketAdapter(io);
  app.get(RuntimeMetrics).countClusterPeers(() => io.peers());

  if (config.apiDocs === 'on') {
    SwaggerModule.setup('api/docs', app, () => createOpenApiDocument(app, API_VERSION), { jsonDocumentUrl: 'api/docs-json' });
    // The Socket.IO contract (AsyncAPI 2.6), beside the OpenAPI document.
    const asyncApi = asyncApiDocument(API_VERSION);
    app.getHttpAdapter().get(ASYNCAPI_PATH, (_req: Request, res: Response) => res.json(asyncApi));
  }

  if (hasConsole && express.useStaticAssets) {
    express.useStaticAssets(webRoot, { index: 'index.html', setHeaders: (res, path) => res.setHeader('Cache-Control', staticCacheControl(path)) });
    express.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' || NOT_SPA.test(req.path) || !req.accepts('html')) return next();
      res.sendFile(index, { headers: { 'Cache-Control': staticCacheControl(index) } });
    });
  }
}
