import { Module } from '@nestjs/common';
import { AuditChainMonitor } from './audit-chain.monitor';
import { AuditController } from './audit.controller';

/** The audit log's hash chain, verified on a timer and on demand (ADR 0013). */
@Module({
  controllers: [AuditController],
  providers: [AuditChainMonitor],
  exports: [AuditChainMonitor],
})
export class AuditModule {}
