import { Controller, Get, Headers, Inject, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Response } from 'express';
import { Public } from '../auth/roles.decorator';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Prometheus text at /metrics (outside /api/v1, no user token, as scrapers expect). With METRICS_TOKEN set, the
 * scraper must send `Authorization: Bearer <METRICS_TOKEN>`; without it the endpoint is public (docs/security.md).
 */
@ApiExcludeController()
@Public()
@Controller()
export class MetricsController extends PrometheusController {
  private readonly expected: Buffer | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super();
    this.expected = config.metricsToken ? digest(config.metricsToken) : null;
  }

  @Get()
  override async index(@Res({ passthrough: true }) response: Response, @Headers('authorization') authorization?: string) {
    if (this.expected) {
      const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
      if (!token || !timingSafeEqual(digest(token), this.expected)) {
        response.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new UnauthorizedException('metrics need the METRICS_TOKEN bearer token');
      }
    }
    return super.index(response);
  }
}
