/**
 * Server-side request DTOs of auth.dto: the class-validator classes the global ValidationPipe checks.
 * Each implements its plain wire type in @ibsc/shared-dto, which the browser and API clients import instead.
 */
import { IsBoolean, IsIn, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '@ibsc/shared-dto';
import type * as wire from '@ibsc/shared-dto';


/** Optional, but when present must not be null. */
const IsOptionalNotNull = () => ValidateIf((_o: object, v: unknown) => v !== undefined);

export class LoginDto implements wire.LoginDto {
  /** Account name, as created by an admin. */
  @IsString()
  @Length(1, 64)
  username!: string;

  @IsString()
  @Length(1, 256)
  password!: string;
}

export class CreateUserDto implements wire.CreateUserDto {
  /** 3–32 characters: letters, digits, dot, dash, underscore. */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{3,32}$/, { message: 'username must be 3-32 characters of letters, digits, ".", "-" or "_"' })
  username!: string;

  /** 12-256 characters, not a common password, at least 5 different characters (the API checks the full policy). */
  @IsString()
  @Length(12, 256)
  password!: string;

  /** One of viewer, trader, admin. */
  @IsIn(ROLES)
  role!: Role;
}

/** An admin's change to a user: any of role, disabled, password. Each change revokes the user's tokens. */
export class UpdateUserDto implements wire.UpdateUserDto {
  @IsOptionalNotNull()
  @IsIn(ROLES)
  role?: Role;

  /** A disabled user cannot sign in, and every token and socket of theirs is refused at once. */
  @IsOptionalNotNull()
  @IsBoolean()
  disabled?: boolean;

  @IsOptionalNotNull()
  @IsString()
  @Length(12, 256)
  password?: string;
}

/** A user's own password change; revokes every token of the user (a new one is returned). */
export class ChangePasswordDto implements wire.ChangePasswordDto {
  @IsString()
  @Length(1, 256)
  currentPassword!: string;

  @IsString()
  @Length(12, 256)
  newPassword!: string;
}
