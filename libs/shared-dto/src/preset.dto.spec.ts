import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreatePresetDto, ImportPresetsDto } from './preset.dto';
import { CreateUserDto } from './auth.dto';

function problems<T extends object>(cls: new () => T, plain: object): string[] {
  return validateSync(plainToInstance(cls, plain), { whitelist: true, forbidNonWhitelisted: true }).map(
    (e) => e.property,
  );
}

describe('CreatePresetDto', () => {
  it('accepts a name and a filters object', () => {
    expect(problems(CreatePresetDto, { name: 'High POP', filters: { pop: { min: 0.7 } } })).toEqual([]);
  });

  it('names the field that is wrong', () => {
    expect(problems(CreatePresetDto, { name: '', filters: {} })).toEqual(['name']);
    expect(problems(CreatePresetDto, { name: '   ', filters: {} })).toEqual(['name']);
    expect(problems(CreatePresetDto, { name: 'x', filters: 'nope' })).toEqual(['filters']);
    expect(problems(CreatePresetDto, { name: 'x', filters: {}, extra: 1 })).toEqual(['extra']);
  });
});

describe('ImportPresetsDto', () => {
  it('validates nested presets and the mode', () => {
    expect(problems(ImportPresetsDto, { presets: [{ name: 'a', filters: {} }] })).toEqual([]);
    expect(problems(ImportPresetsDto, { mode: 'merge', presets: [] })).toEqual(['mode']);
    expect(problems(ImportPresetsDto, { presets: [{ name: 'a' }] })).toEqual(['presets']);
  });
});

describe('CreateUserDto', () => {
  it('requires a known role and a long enough password', () => {
    expect(problems(CreateUserDto, { username: 'alice', password: 'long-enough-1', role: 'trader' })).toEqual([]);
    expect(problems(CreateUserDto, { username: 'alice', password: 'short', role: 'trader' })).toEqual(['password']);
    expect(problems(CreateUserDto, { username: 'alice', password: 'long-enough-1', role: 'god' })).toEqual(['role']);
  });
});
