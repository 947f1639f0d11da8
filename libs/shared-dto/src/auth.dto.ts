
export const ROLES = ['viewer', 'trader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface LoginDto {
  /** Account name, as created by an admin. */
  username: string;

  password: string;
}

export interface CreateUserDto {
  /** 3–32 characters: letters, digits, dot, dash, underscore. */
  username: string;

  /** 12-256 characters, not a common password, at least 5 different characters (the API checks the full policy). */
  password: string;

  /** One of viewer, trader, admin. */
  role: Role;
}

/** An admin's change to a user: any of role, disabled, password. Each change revokes the user's tokens. */
export interface UpdateUserDto {
  role?: Role;

  /** A disabled user cannot sign in, and every token and socket of theirs is refused at once. */
  disabled?: boolean;

  password?: string;
}

/** A user's own password change; revokes every token of the user (a new one is returned). */
export interface ChangePasswordDto {
  currentPassword: string;

  newPassword: string;
}

export interface UserView {
  id: string;
  username: string;
  role: Role;
  /** Disabled by an admin: cannot sign in. */
  disabled: boolean;
  createdAt: string;
}

export interface LoginResponse {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: UserView;
}

/** GET /auth/me: who the token belongs to (role as stored now). */
export interface CurrentUserView {
  id: string;
  username: string;
  role: Role;
}

/** An account locked after too many wrong passwords. */
export interface LockedAccountView {
  username: string;
  failures: number;
  /** ISO 8601. */
  lockedUntil: string;
}
