import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiContract } from '../openapi/api-contract.decorator';
import { type SimulatorFaultResult } from '@ibsc/shared-dto';
import { SimulatorFaultDto } from './simulator-faults.dto';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { SimulatorFaultsService } from './simulator-faults.service';

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
  @ApiContract({
    id: 'injectSimulatorFault',
    ok: 'SimulatorFaultResult',
    status: 202,
    // 409: the gateway is not a simulator, or there is no session to drop; 502: SIM_CONTROL_URL did not answer.
    errors: [400, 409, 502],
    body: { type: SimulatorFaultDto, example: { kind: 'restart', downMs: 5000, mode: 'refuse' } },
  })
  inject(@Body() dto: SimulatorFaultDto, @CurrentUser() user: AuthUser): Promise<SimulatorFaultResult> {
    return this.faults.inject(dto, user);
  }
}
