import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiTags } from '@nestjs/swagger';
import { SimulatorFaultDto, type SimulatorFaultResult } from '@ibsc/shared-dto';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { SimulatorFaultsService } from './simulator-faults.service';
import { SimulatorFaultResultDto } from './simulator-faults-responses.dto';

/** Fault injection into the in-process simulated gateway (IB_GATEWAY=simulator), for drills and demos. Admin only. */
@ApiTags('system')
@ApiBearerAuth()
@Roles('admin')
@Controller('system/simulator')
export class SimulatorFaultsController {
  constructor(private readonly faults: SimulatorFaultsService) {}

  /**
   * Injects a fault through the simulator's own fault API: `restart` (every client dropped, connections refused for
   * `downMs`, then the same port again), `drop` (this API's socket closed) or `farm` (a data farm broken for
   * `downMs`). The connection layer's reaction shows on `system.status` at once.
   */
  @Post('faults')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: SimulatorFaultResultDto, description: 'injected; watch system.status' })
  @ApiBadRequestResponse({ description: 'a field is wrong: the message names it and its allowed values' })
  @ApiForbiddenResponse({ description: 'the caller is not an admin' })
  @ApiConflictResponse({ description: 'the gateway is not the in-process simulator (IB_GATEWAY=tws), or there is no session to drop' })
  inject(@Body() dto: SimulatorFaultDto, @CurrentUser() user: AuthUser): Promise<SimulatorFaultResult> {
    return this.faults.inject(dto, user);
  }
}
