import { Controller, Get, HttpCode, HttpStatus, Inject, Optional, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IbConnection } from '@ibsc/ibkr';
import type { SystemStatus } from '@ibsc/shared-dto';
import { Roles } from '../auth/roles.decorator';
import { DomainError } from '../common/domain-error';
import { SystemStatusService } from '../realtime/system-status.service';
import { ApiContract } from '../openapi/api-contract.decorator';

/** The gateway connection over REST: the same status the socket heartbeat sends, and a manual reconnect. */
@ApiTags('system')
@ApiBearerAuth()
@Roles('viewer')
@Controller('system')
export class SystemController {
  constructor(
    private readonly status: SystemStatusService,
    @Optional() @Inject(IbConnection) private readonly connection?: IbConnection,
  ) {}

  /** Gateway state, market-data lines, request queue, recent IB errors, database. */
  @Get('status')
  @ApiContract({ id: 'getSystemStatus', ok: 'SystemStatus' })
  snapshot(): Promise<SystemStatus> {
    return this.status.snapshot();
  }

  /** Drops the gateway session and connects again at once (admin). */
  @Roles('admin')
  @Post('reconnect')
  @ApiContract({ id: 'reconnectGateway', ok: 'ReconnectResult', status: 202 })
  @HttpCode(HttpStatus.ACCEPTED)
  reconnect(): { accepted: true; state: string } {
    if (!this.connection) throw new DomainError(HttpStatus.SERVICE_UNAVAILABLE, 'NO_GATEWAY', 'the connection layer is not running');
    this.connection.reconnect('reconnect requested through the API');
    return { accepted: true, state: this.connection.state };
  }
}
