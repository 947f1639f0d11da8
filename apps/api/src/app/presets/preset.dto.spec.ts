import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreatePresetDto, ImportPresetsDto, UpdatePresetDto } from './preset.dto';
import { ChangePasswordDto, CreateUserDto, UpdateUserDto } from '../auth/auth.dto';

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

describe('UpdatePresetDto', () => {
  it('accepts any subset, and null only for the description', () => {
    expect(problems(UpdatePresetDto, {})).toEqual([]);
    expect(problems(UpdatePresetDto, { description: null, shared: true })).toEqual([]);
    expect(problems(UpdatePresetDto, { name: null })).toEqual(['name']);
    expect(problems(UpdatePresetDto, { filters: null })).toEqual(['filters']);
    expect(problems(UpdatePresetDto, { shared: null })).toEqual(['shared']);
    expect(problems(UpdatePresetDto, { shared: 'yes' })).toEqual(['shared']);
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
    expect(problems(CreateUserDto, { username: 'alice', password: '10-chars!!', role: 'trader' })).toEqual(['password']);
    expect(problems(CreateUserDto, { username: 'alice', password: 'short', role: 'trader' })).toEqual(['password']);
    expect(problems(CreateUserDto, { username: 'alice', password: 'long-enough-1', role: 'god' })).toEqual(['role']);
  });
});

describe('UpdateUserDto and ChangePasswordDto', () => {
  it('refuse null and unknown values, and short passwords', () => {
    expect(problems(UpdateUserDto, { role: 'viewer', disabled: true })).toEqual([]);
    expect(problems(UpdateUserDto, { role: null })).toEqual(['role']);
    expect(problems(UpdateUserDto, { disabled: null })).toEqual(['disabled']);
    expect(problems(UpdateUserDto, { password: 'short-pw' })).toEqual(['password']);
    expect(problems(ChangePasswordDto, { currentPassword: 'x', newPassword: 'eleven-char' })).toEqual(['newPassword']);
    expect(problems(ChangePasswordDto, { currentPassword: 'x', newPassword: 'twelve-chars' })).toEqual([]);
  });
});
