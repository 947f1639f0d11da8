import { ForbiddenException, HttpStatus, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { LoginResponse } from '@ibsc/shared-dto';
import type { ChangePasswordDto, LoginDto } from './auth.dto';
import { InjectMetric, makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import { RetryLaterError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG, CLOCK, type NowFn } from '../config/config.tokens';
import type { UserEntity } from '../users/user.entity';
import { toUserView, UsersService } from '../users/users.service';
import { AuthUser, JwtClaims } from './auth-user';
import { ConcurrencyGate } from './concurrency-gate';
import { LoginThrottle, type LockedAccount } from './login-throttle';
import { verifyPassword } from './password-hasher';

// A hash of a random password, so a login for an unknown user costs the same time as a wrong password.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export const LOGIN_ATTEMPTS_TOTAL = 'ibsc_login_attempts_total';
export const LOGIN_LOCKOUTS_TOTAL = 'ibsc_login_lockouts_total';
export const LOGIN_LOCKED_ACCOUNTS = 'ibsc_login_locked_accounts';
export const loginMetrics = [
  makeCounterProvider({
    name: LOGIN_ATTEMPTS_TOTAL,
    help: 'Sign-in attempts by result: success, wrong_password, disabled, throttled_backoff, throttled_locked, throttled_address, busy',
    labelNames: ['result'],
  }),
  makeCounterProvider({ name: LOGIN_LOCKOUTS_TOTAL, help: 'Accounts locked after too many wrong passwords' }),
];

/** Sign-ins that may wait for a password check; more are refused at once (429) rather than pile up. */
const LOGIN_QUEUE = 64;

type Result = 'success' | 'wrong_password' | 'disabled' | 'throttled_backoff' | 'throttled_locked' | 'throttled_address' | 'busy';

@Injectable()
export class AuthService {
  private readonly logger = new Logger('auth');
  readonly throttle: LoginThrottle;
  /** scrypt costs ~32 MiB and ~100 ms: a burst of sign-ins must not starve the process (liveness, orders). */
  private readonly gate: ConcurrencyGate;

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly now: NowFn,
    @InjectMetric(LOGIN_ATTEMPTS_TOTAL) private readonly attempts: Counter<'result'>,
    @InjectMetric(LOGIN_LOCKOUTS_TOTAL) private readonly lockouts: Counter<string>,
  ) {
    this.throttle = new LoginThrottle(config.login, now);
    this.gate = new ConcurrencyGate(config.login.maxConcurrent, LOGIN_QUEUE);
  }

  async login(dto: LoginDto, address: string): Promise<LoginResponse> {
    const verdict = this.throttle.check(dto.username, address);
    if (verdict) {
      this.count(`throttled_${verdict.reason}`);
      this.logger.warn({ msg: 'sign-in throttled', username: dto.username, address, reason: verdict.reason, retryAfterSec: verdict.retryAfterSec });
      const why = verdict.reason === 'locked' ? 'this account is locked after too many wrong passwords' : verdict.reason === 'address' ? 'too many failed sign-ins from this address' : 'too many wrong passwords';
      throw new RetryLaterError(HttpStatus.TOO_MANY_REQUESTS, `LOGIN_${verdict.reason.toUpperCase()}`, `${why}; retry in ${verdict.retryAfterSec} s`, verdict.retryAfterSec);
    }
    const checked = await this.gate.run(async () => {
      const user = await this.users.findByUsername(dto.username);
      const ok = await verifyPassword(dto.password, user?.passwordHash ?? DUMMY_HASH);
      return { user, ok };
    });
    if (!checked) {
      this.count('busy');
      throw new RetryLaterError(HttpStatus.TOO_MANY_REQUESTS, 'LOGIN_BUSY', 'too many sign-ins at once; retry in a second', 1);
    }
    const { user, ok } = checked;
    if (!user || !ok) {
      this.count('wrong_password');
      if (this.throttle.fail(dto.username, address)) {
        this.lockouts.inc();
        this.logger.warn({ msg: 'account locked after wrong passwords', username: dto.username, address, lockoutSec: this.config.login.lockoutSec });
      }
      throw new UnauthorizedException('wrong username or password');
    }
    if (user.disabled) {
      this.count('disabled');
      throw new ForbiddenException('this account is disabled');
    }
    this.throttle.succeed(dto.username);
    this.count('success');
    return this.issue(user);
  }

  /** Logout: revokes every token of the user (all devices), which also closes their sockets. */
  async logout(user: AuthUser): Promise<void> {
    await this.users.revokeTokens(user.id, 'logout');
  }

  /** Changes one's own password (the current one is checked, throttled like a sign-in); returns a fresh token. */
  async changePassword(me: AuthUser, dto: ChangePasswordDto, address: string): Promise<LoginResponse> {
    const user = await this.users.findByUsername(me.username);
    const check = await this.login({ username: me.username, password: dto.currentPassword }, address).catch((e: unknown) => {
      if (e instanceof UnauthorizedException) throw new ForbiddenException('the current password is wrong');
      throw e;
    });
    if (!user || check.user.id !== user.id) throw new UnauthorizedException('invalid token');
    return this.issue(await this.users.setPassword(user.id, dto.newPassword));
  }

  lockedAccounts(): LockedAccount[] {
    return this.throttle.locked();
  }

  clearLockout(username: string, by: string): boolean {
    const cleared = this.throttle.clear(username);
    if (cleared) this.logger.log({ msg: 'sign-in lockout cleared', username, by });
    return cleared;
  }

  private async issue(user: UserEntity): Promise<LoginResponse> {
    const ttlSec = this.config.jwtTtlSec;
    const claims: JwtClaims = { sub: user.id, username: user.username, role: user.role, ver: user.tokenVersion, iat: Math.floor(this.now().getTime() / 1000) };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: ttlSec });
    return { accessToken, tokenType: 'Bearer', expiresIn: ttlSec, user: toUserView(user) };
  }

  private count(result: Result): void {
    this.attempts.inc({ result });
  }
}

/** Accounts locked now (read at scrape time). */
export const lockedAccountsGauge = makeGaugeProvider({
  name: LOGIN_LOCKED_ACCOUNTS,
  help: 'Accounts locked now after too many wrong passwords',
  inject: [AuthService],
  collect(this: Gauge, auth: AuthService) {
    this.set(auth.lockedAccounts().length);
  },
});
