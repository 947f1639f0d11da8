import { Global, Module } from '@nestjs/common';
import { makeHistogramProvider, PrometheusModule } from '@willsoto/nestjs-prometheus';
import { HTTP_DURATION, HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { RuntimeMetrics } from './runtime-metrics';

const httpDuration = makeHistogramProvider({
  name: HTTP_DURATION,
  help: 'HTTP request duration by method, route template and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

@Global()
@Module({
  imports: [PrometheusModule.register({ controller: MetricsController, path: '/metrics', defaultMetrics: { enabled: true } })],
  providers: [
    HttpMetricsMiddleware,
    httpDuration,
    RuntimeMetrics,
  ],
  exports: [HttpMetricsMiddleware, httpDuration, PrometheusModule, RuntimeMetrics],
})
export class MetricsModule {}
