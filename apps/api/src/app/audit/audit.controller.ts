import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { CLOCK, type NowFn } from '../config/config.tokens';
import { AuditChainMonitor } from './audit-chain.monitor';
import { ApiContract } from '../openapi/api-contract.decorator';
import { AuditVerificationDto } from './audit-responses.dto';

/** The audit log's tamper evidence (ADR 0013). */
@ApiTags('system')
@ApiBearerAuth()
@Roles('admin')
@Controller('system/audit')
export class AuditController {
  constructor(
    private readonly monitor: AuditChainMonitor,
    @Inject(CLOCK) private readonly now: NowFn,
  ) {}

  /** Verifies the whole hash chain now (admin): ok, the rows checked, the chain head, and the first broken row if any. */
  @Get('verify')
  @ApiContract({ id: 'verifyAuditChain', summary: 'Verify the audit log hash chain now', ok: 'AuditVerificationView' })
  async verify(): Promise<AuditVerificationDto> {
    const r = await this.monitor.verifyAll();
    return { ok: r.ok, rowsChecked: r.rowsChecked, head: r.head, broken: r.broken, checkedAt: this.now().toISOString(), database: { ...this.monitor.roles } };
  }
}
