import { IsIn, IsString, Length, Matches } from 'class-validator';

export const ROLES = ['viewer', 'trader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export class LoginDto {
  /** Account name, as created by an admin. */
  @IsString()
  @Length(1, 64)
  username!: string;

  @IsString()
  @Length(1, 256)
  password!: string;
}

export class CreateUserDto {
  /** 3–32 characters: letters, digits, dot, dash, underscore. */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{3,32}$/, { message: 'username must be 3-32 characters of letters, digits, ".", "-" or "_"' })
  username!: string;

  /** At least 10 characters. */
  @IsString()
  @Length(10, 256)
  password!: string;

  /** One of viewer, trader, admin. */
  @IsIn(ROLES)
  role!: Role;
}

export interface UserView {
  id: string;
  username: string;
  role: Role;
  createdAt: string;
}

export interface LoginResponse {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: UserView;
}
