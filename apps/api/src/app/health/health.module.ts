import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { IbkrHealthIndicator } from '@ibsc/ibkr';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController],
  providers: [IbkrHealthIndicator],
})
export class HealthModule {}
