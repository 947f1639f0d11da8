import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { SimulatorFaultDto } from './simulator-faults.dto';

function check(plain: object): Record<string, string[]> {
  const errors = validateSync(plainToInstance(SimulatorFaultDto, plain), { whitelist: true, forbidNonWhitelisted: true });
  return Object.fromEntries(errors.map((e) => [e.property, Object.values(e.constraints ?? {})]));
}

describe('SimulatorFaultDto', () => {
  it('accepts a restart with a downtime, a drop, and a farm flap', () => {
    expect(check({ kind: 'restart', downMs: 3000 })).toEqual({});
    expect(check({ kind: 'restart', downMs: 0, mode: 'silent' })).toEqual({});
    expect(check({ kind: 'restart', downMs: 60_000 })).toEqual({});
    expect(check({ kind: 'restart' })).toEqual({});
    expect(check({ kind: 'drop' })).toEqual({});
    expect(check({ kind: 'farm', farm: 'hmds', downMs: 1000 })).toEqual({});
  });

  it('names the field and the allowed values', () => {
    expect(check({})).toEqual({ kind: ['kind must be one of: restart, drop, farm'] });
    expect(check({ kind: 'reboot' })).toEqual({ kind: ['kind must be one of: restart, drop, farm'] });
    for (const downMs of [-1, 60_001, 1.5, '3000']) {
      expect(check({ kind: 'restart', downMs }).downMs ?? []).toContain('downMs must be an integer from 0 to 60000 (milliseconds)');
    }
    expect(check({ kind: 'restart', mode: 'hang' })).toEqual({ mode: ['mode must be one of: refuse, silent'] });
    expect(check({ kind: 'farm', farm: 'secdef' })).toEqual({ farm: ['farm must be one of: market, hmds'] });
    expect(check({ kind: 'restart', extra: 1 })).toEqual({ extra: ['property extra should not exist'] });
  });

  it('refuses a field that does not apply to the kind', () => {
    expect(check({ kind: 'drop', downMs: 5000 })).toEqual({ downMs: ['downMs applies only to kind restart or farm'] });
    expect(check({ kind: 'farm', mode: 'silent' })).toEqual({ mode: ['mode applies only to kind restart'] });
    expect(check({ kind: 'restart', farm: 'market' })).toEqual({ farm: ['farm applies only to kind farm'] });
  });
});
