import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadGatewayResponse, ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiTags } from '@nestjs/swagger';
import { type SimulatorFaultResult } from '@ibsc/shared-dto';
import { SimulatorFaultDto } from './simulator-faults.dto';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { SimulatorFaultsService } from './simulator-faults.service';
import { SimulatorFaultResultDto } from './simulator-faults-responses.dto';

/**
 * Fault injection into the simulated gateway, for drills and demos: the in-process one (IB_GATEWAY=simulator) or a
 * standalone one (IB_GATEWAY=tws with SIM_CONTROL_URL, through its HTTP control endpoint). Admin only.
 */
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
  @ApiConflictResponse({ description: 'the gateway is not a simulator (IB_GATEWAY=tws without SIM_CONTROL_URL), or there is no session to drop' })
  @ApiBadGatewayResponse({ description: "the standalone simulator's control endpoint (SIM_CONTROL_URL) did not answer or refused the call" })
  inject(@Body() dto: SimulatorFaultDto, @CurrentUser() user: AuthUser): Promise<SimulatorFaultResult> {
    return this.faults.inject(dto, user);
  }
}
