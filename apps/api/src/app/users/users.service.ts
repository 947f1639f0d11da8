import { HttpStatus, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { UserView } from '@ibsc/shared-dto';
import type { CreateUserDto, UpdateUserDto } from '../auth/auth.dto';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { Repository } from 'typeorm';
import { hashPassword, ScryptParams, DEFAULT_SCRYPT } from '../auth/password-hasher';
import { passwordProblems } from '../auth/password-policy';
import { DomainError } from '../common/domain-error';
import { isUniqueViolation } from '../database/pg-errors';
import { RevocationReason, TokenRevocations } from './token-revocations';
import { UserEntity } from './user.entity';

export const SCRYPT_PARAMS = Symbol('SCRYPT_PARAMS');
export const TOKENS_REVOKED_TOTAL = 'ibsc_tokens_revoked_total';
export const tokensRevokedCounter = makeCounterProvider({
  name: TOKENS_REVOKED_TOTAL,
  help: "Revocations of a user's tokens (token_version bumped), by reason: logout, password, role, disabled",
  labelNames: ['reason'],
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toUserView(u: UserEntity): UserView {
  return { id: u.id, username: u.username, role: u.role, disabled: u.disabled, createdAt: u.createdAt.toISOString() };
}

function weakPassword(problems: string[]): DomainError {
  return new DomainError(HttpStatus.BAD_REQUEST, 'WEAK_PASSWORD', problems.join('; '), [{ field: 'password', problems }]);
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger('auth');
  private readonly scrypt: ScryptParams;

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly revocations: TokenRevocations,
    @InjectMetric(TOKENS_REVOKED_TOTAL) private readonly revoked: Counter<'reason'>,
    /** Tests lower the KDF cost; production keeps the default. */
    @Optional() @Inject(SCRYPT_PARAMS) scrypt?: ScryptParams,
  ) {
    this.scrypt = scrypt ?? DEFAULT_SCRYPT;
  }

  async create(dto: CreateUserDto): Promise<UserView> {
    const problems = passwordProblems(dto.password, dto.username);
    if (problems.length) throw weakPassword(problems);
    const passwordHash = await hashPassword(dto.password, this.scrypt);
    try {
      const saved = await this.users.save(this.users.create({ username: dto.username, passwordHash, role: dto.role }));
      return toUserView(saved);
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new DomainError(HttpStatus.CONFLICT, 'USER_EXISTS', `username ${dto.username} is taken`, [
          { field: 'username', problems: ['username is taken'] },
        ]);
      }
      throw e;
    }
  }

  /** An admin's change of role, disabled or password; any of them revokes the user's tokens and closes their sockets. */
  async update(id: string, dto: UpdateUserDto, actorId: string): Promise<UserView> {
    const user = await this.get(id);
    if (dto.password !== undefined) {
      const problems = passwordProblems(dto.password, user.username);
      if (problems.length) throw weakPassword(problems);
    }
    const demotes = (dto.role !== undefined && dto.role !== 'admin') || dto.disabled === true;
    if (demotes && user.role === 'admin' && !user.disabled) {
      if (id === actorId) throw new DomainError(HttpStatus.CONFLICT, 'SELF_LOCKOUT', 'an admin cannot demote or disable themselves');
      const admins = await this.users.count({ where: { role: 'admin', disabled: false } });
      if (admins <= 1) throw new DomainError(HttpStatus.CONFLICT, 'LAST_ADMIN', 'the last active admin cannot be demoted or disabled');
    }
    const reasons: RevocationReason[] = [];
    if (dto.role !== undefined && dto.role !== user.role) {
      user.role = dto.role;
      reasons.push('role');
    }
    if (dto.disabled !== undefined && dto.disabled !== user.disabled) {
      user.disabled = dto.disabled;
      reasons.push('disabled');
    }
    if (dto.password !== undefined) {
      user.passwordHash = await hashPassword(dto.password, this.scrypt);
      reasons.push('password');
    }
    if (reasons.length) user.tokenVersion++;
    const saved = await this.users.save(user);
    if (reasons.length) this.announce(saved, reasons[0], actorId);
    return toUserView(saved);
  }

  /** A user's own new password (the caller checked the current one); returns the user with the new token version. */
  async setPassword(id: string, password: string): Promise<UserEntity> {
    const user = await this.get(id);
    const problems = passwordProblems(password, user.username);
    if (problems.length) throw weakPassword(problems);
    user.passwordHash = await hashPassword(password, this.scrypt);
    user.tokenVersion++;
    const saved = await this.users.save(user);
    this.announce(saved, 'password', id);
    return saved;
  }

  /** Logout: every token of the user stops working. */
  async revokeTokens(id: string, reason: RevocationReason): Promise<void> {
    await this.users.increment({ id }, 'tokenVersion', 1);
    this.announce({ id, username: '' } as UserEntity, reason, id);
  }

  async list(): Promise<UserView[]> {
    return (await this.users.find({ order: { createdAt: 'ASC' } })).map(toUserView);
  }

  findById(id: string): Promise<UserEntity | null> {
    return UUID.test(id) ? this.users.findOneBy({ id }) : Promise.resolve(null);
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.createQueryBuilder('u').where('lower(u.username) = lower(:username)', { username }).getOne();
  }

  count(): Promise<number> {
    return this.users.count();
  }

  private async get(id: string): Promise<UserEntity> {
    const user = await this.findById(id);
    if (!user) throw new DomainError(HttpStatus.NOT_FOUND, 'USER_NOT_FOUND', `no user with id ${id}`);
    return user;
  }

  private announce(user: UserEntity, reason: RevocationReason, actorId: string): void {
    this.revoked.inc({ reason });
    this.logger.log({ msg: 'tokens revoked', userId: user.id, reason, by: actorId });
    this.revocations.emit(user.id, reason);
  }
}
