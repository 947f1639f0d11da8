import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { createValidationPipe } from './common/validation';
import type { AppConfig } from './config/app-config';
import { PostgresIoAdapter } from './realtime/postgres-io.adapter';
import { SESSION_DATABASE_URL } from './session/session-roles.service';

const NOT_SPA = /^\/(api|metrics|socket\.io)(\/|$)/;

/** Everything main.ts and the integration tests share: prefix, validation, errors, OpenAPI, the console. */
export function configureApp(app: NestExpressApplication | INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  express.disable?.('x-powered-by');
  express.useBodyParser?.('json', { limit: '1mb' });
  app.setGlobalPrefix('api/v1', { exclude: ['metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  // Socket.IO events reach the sockets of every replica (ADR 0010).
  app.useWebSocketAdapter(new PostgresIoAdapter(app, app.get<string>(SESSION_DATABASE_URL)));

  const doc = new DocumentBuilder()
    .setTitle('IB Spread Console API')
    .setDescription('Vertical-spread scanner and order console for Interactive Brokers. All routes need a bearer token from POST /api/v1/auth/login unless marked otherwise.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });

  const webRoot = resolve(config.webRoot);
  const index = join(webRoot, 'index.html');
  if (existsSync(index) && express.useStaticAssets) {
    express.useStaticAssets(webRoot, { index: 'index.html', maxAge: '1h' });
    express.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' || NOT_SPA.test(req.path) || !req.accepts('html')) return next();
      res.sendFile(index);
    });
  }
}
