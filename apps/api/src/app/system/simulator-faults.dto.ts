/**
 * Server-side request DTOs of simulator-faults.dto: the class-validator classes the global ValidationPipe checks.
 * Each implements its plain wire type in @ibsc/shared-dto, which the browser and API clients import instead.
 */
import { IsIn, IsInt, IsOptional, Max, Min, registerDecorator, type ValidationArguments } from 'class-validator';
import { SIMULATOR_FARMS, SIMULATOR_FAULT_KINDS, SIMULATOR_MAX_DOWN_MS, SIMULATOR_RESTART_MODES, type SimulatorFarm, type SimulatorFaultKind, type SimulatorRestartMode } from '@ibsc/shared-dto';
import type * as wire from '@ibsc/shared-dto';


/** The field may be given only with these kinds (a downtime on a `drop` would be silently meaningless). */
function OnlyForKinds(kinds: readonly SimulatorFaultKind[]) {
  return (target: object, propertyName: string): void =>
    registerDecorator({
      name: 'onlyForKinds',
      target: target.constructor,
      propertyName,
      constraints: [kinds],
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          value === undefined || kinds.includes((args.object as SimulatorFaultDto).kind),
        defaultMessage: () => `${propertyName} applies only to kind ${kinds.join(' or ')}`,
      },
    });
}

const DOWN_MS_MESSAGE = `downMs must be an integer from 0 to ${SIMULATOR_MAX_DOWN_MS} (milliseconds)`;

export class SimulatorFaultDto implements wire.SimulatorFaultDto {
  /** What to inject: restart (gateway down for downMs), drop (this API's socket closed), farm (a data farm broken for downMs). */
  @IsIn(SIMULATOR_FAULT_KINDS, { message: `kind must be one of: ${SIMULATOR_FAULT_KINDS.join(', ')}` })
  kind!: SimulatorFaultKind;

  /** restart and farm: how long the gateway (or farm) stays down, in milliseconds, 0–60000. Default 5000. */
  @IsOptional()
  @IsInt({ message: DOWN_MS_MESSAGE })
  @Min(0, { message: DOWN_MS_MESSAGE })
  @Max(SIMULATOR_MAX_DOWN_MS, { message: DOWN_MS_MESSAGE })
  @OnlyForKinds(['restart', 'farm'])
  downMs?: number;

  /** restart only: `refuse` (connections refused, the default) or `silent` (accepted, never answered). */
  @IsOptional()
  @IsIn(SIMULATOR_RESTART_MODES, { message: `mode must be one of: ${SIMULATOR_RESTART_MODES.join(', ')}` })
  @OnlyForKinds(['restart'])
  mode?: SimulatorRestartMode;

  /** farm only: `market` (market data, the default) or `hmds` (historical data). */
  @IsOptional()
  @IsIn(SIMULATOR_FARMS, { message: `farm must be one of: ${SIMULATOR_FARMS.join(', ')}` })
  @OnlyForKinds(['farm'])
  farm?: SimulatorFarm;
}
