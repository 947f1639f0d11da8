import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ApiKeyView, CreatedApiKey } from '@ibsc/shared-dto';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { Repository } from 'typeorm';
import type { AuthSession, AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG, CLOCK, type NowFn } from '../config/config.tokens';
import { TokenRevocations } from '../users/token-revocations';
import { UsersService } from '../users/users.service';
import { API_KEY_ID_PATTERN, generateApiKey, keyPrefix, parseApiKey, secretMatches } from './api-key-format';
import type { CreateApiKeyDto } from './api-key.dto';
import { ApiKeyEntity } from './api-key.entity';
import { scopesAllowRole } from './api-key-scopes';
import { TokenBuckets } from './token-bucket';

export const API_KEY_REQUESTS_TOTAL = 'ibsc_api_key_requests_total';
export type ApiKeyResult = 'ok' | 'malformed' | 'invalid' | 'revoked' | 'expired' | 'owner_disabled' | 'insufficient_scope' | 'rate_limited';
export const apiKeyRequestsCounter = makeCounterProvider({
  name: API_KEY_REQUESTS_TOTAL,
  help: 'Requests and socket handshakes made with an API key, by result: ok, malformed, invalid, revoked, expired, owner_disabled, insufficient_scope, rate_limited',
  labelNames: ['result'],
});

/** A key row (with its user) is reused this long; a revocation in this process drops it at once. */
export const API_KEY_CACHE_MS = 5000;
/** last_used_at is written at most this often per key (a write per request would double the database load). */
export const LAST_USED_WRITE_MS = 60_000;

type Listener = (keyId: string) => void;

function refused(code: string, message: string): DomainError {
  return new DomainError(HttpStatus.UNAUTHORIZED, code, message);
}

/** Creates, lists and revokes API keys, and authenticates a presented key (ADR 0016). */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger('auth');
  private readonly cache = new Map<string, { row: ApiKeyEntity; readAtMs: number }>();
  private readonly lastWritten = new Map<string, number>();
  private readonly buckets: TokenBuckets;
  private readonly listeners = new Set<Listener>();

  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly now: NowFn,
    @InjectMetric(API_KEY_REQUESTS_TOTAL) private readonly requests: Counter<'result'>,
    revocations: TokenRevocations,
  ) {
    this.buckets = new TokenBuckets(config.apiKeyRate, () => this.now().getTime());
    // A role change or disable of the owner must reach its keys now, not after the cache period.
    revocations.on((userId) => {
      for (const [id, hit] of this.cache) if (hit.row.userId === userId) this.cache.delete(id);
    });
  }

  async create(dto: CreateApiKeyDto, admin: AuthUser): Promise<CreatedApiKey> {
    const owner = await this.users.findById(dto.userId ?? admin.id);
    if (!owner) throw new DomainError(HttpStatus.NOT_FOUND, 'USER_NOT_FOUND', `no user ${dto.userId}`, [{ field: 'userId', problems: ['no such user'] }]);
    if (owner.disabled) throw new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'USER_DISABLED', `user ${owner.username} is disabled`, [{ field: 'userId', problems: ['the user is disabled'] }]);
    const tooWide = dto.scopes.filter((s) => !scopesAllowRole([s], owner.role, 'owner'));
    if (tooWide.length) {
      const problem = `scope ${tooWide.join(', ')} exceeds the role of ${owner.username} (${owner.role})`;
      throw new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'SCOPE_EXCEEDS_ROLE', problem, [{ field: 'scopes', problems: [problem] }]);
    }
    const now = this.now();
    let expiresAt: Date | null = null;
    if (dto.expiresAt !== undefined) {
      expiresAt = new Date(dto.expiresAt);
      if (!(expiresAt.getTime() > now.getTime())) {
        throw new DomainError(HttpStatus.BAD_REQUEST, 'EXPIRY_IN_PAST', 'expiresAt must be in the future', [{ field: 'expiresAt', problems: ['must be in the future'] }]);
      }
    }
    const k = generateApiKey();
    const row = this.keys.create({
      id: k.id,
      name: dto.name,
      userId: owner.id,
      scopes: [...new Set(dto.scopes)],
      secretHash: k.secretHash,
      createdAt: now,
      createdBy: admin.username,
      expiresAt,
      revokedAt: null,
      revokedBy: null,
      lastUsedAt: null,
    });
    await this.keys.insert(row);
    row.user = owner;
    this.logger.log({ msg: 'api key created', keyId: k.id, name: dto.name, user: owner.username, scopes: row.scopes, expiresAt, by: admin.username });
    return { ...this.view(row), key: k.key };
  }

  async list(): Promise<ApiKeyView[]> {
    const rows = await this.keys.find({ relations: { user: true }, order: { createdAt: 'DESC', id: 'ASC' } });
    return rows.map((r) => this.view(r));
  }

  /** Revokes a key (idempotent: a revoked key stays as it was); its sockets close at once in this process. */
  async revoke(id: string, admin: AuthUser): Promise<ApiKeyView> {
    const row = API_KEY_ID_PATTERN.test(id) ? await this.keys.findOne({ where: { id }, relations: { user: true } }) : null;
    if (!row) throw new DomainError(HttpStatus.NOT_FOUND, 'API_KEY_NOT_FOUND', `no API key ${id}`);
    if (!row.revokedAt) {
      row.revokedAt = this.now();
      row.revokedBy = admin.username;
      await this.keys.update({ id }, { revokedAt: row.revokedAt, revokedBy: row.revokedBy });
      this.logger.log({ msg: 'api key revoked', keyId: id, name: row.name, user: row.user?.username, by: admin.username });
    }
    this.cache.delete(id);
    this.buckets.forget(id);
    for (const l of this.listeners) l(id);
    return this.view(row);
  }

  /** Called with a key id when it is revoked in this process (open sockets close). */
  onRevoked(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The session of a presented key, or a 401 DomainError with API_KEY_MALFORMED, API_KEY_INVALID (unknown id or wrong
   * secret), API_KEY_REVOKED, API_KEY_EXPIRED or API_KEY_OWNER_DISABLED. A database outage propagates (503).
   */
  async authenticate(token: string): Promise<AuthSession> {
    const parsed = parseApiKey(token);
    if (!parsed) throw this.fail('malformed', 'API_KEY_MALFORMED', 'malformed API key: expected ibsc_<16 hex>_<43 base64url characters>');
    const row = await this.row(parsed.id);
    if (!row || !secretMatches(parsed.secret, row.secretHash)) throw this.fail('invalid', 'API_KEY_INVALID', 'unknown API key');
    const t = this.now().getTime();
    if (row.revokedAt) throw this.fail('revoked', 'API_KEY_REVOKED', `API key ${row.id} was revoked`);
    if (row.expiresAt && row.expiresAt.getTime() <= t) throw this.fail('expired', 'API_KEY_EXPIRED', `API key ${row.id} expired at ${row.expiresAt.toISOString()}`);
    const user = row.user;
    if (!user || user.disabled) throw this.fail('owner_disabled', 'API_KEY_OWNER_DISABLED', `the user of API key ${row.id} is disabled`);
    this.touch(row.id, t);
    return {
      user: { id: user.id, username: user.username, role: user.role, apiKey: { id: row.id, scopes: row.scopes } },
      expiresAtMs: row.expiresAt ? row.expiresAt.getTime() : Number.POSITIVE_INFINITY,
      version: user.tokenVersion,
    };
  }

  /** One request of a key against its bucket: null when granted, else seconds to wait (counted as rate_limited). */
  take(keyId: string): number | null {
    const wait = this.buckets.take(keyId);
    if (wait !== null) this.count('rate_limited');
    return wait;
  }

  count(result: ApiKeyResult): void {
    this.requests.inc({ result });
  }

  private fail(result: ApiKeyResult, code: string, message: string): DomainError {
    this.count(result);
    return refused(code, message);
  }

  private async row(id: string): Promise<ApiKeyEntity | null> {
    const t = this.now().getTime();
    const hit = this.cache.get(id);
    if (hit && t - hit.readAtMs >= 0 && t - hit.readAtMs < API_KEY_CACHE_MS) return hit.row;
    const row = await this.keys.findOne({ where: { id }, relations: { user: true } });
    if (this.cache.size > 10_000) this.cache.clear();
    if (row) this.cache.set(id, { row, readAtMs: t });
    else this.cache.delete(id);
    return row;
  }

  private touch(id: string, t: number): void {
    const last = this.lastWritten.get(id);
    if (last !== undefined && t - last >= 0 && t - last < LAST_USED_WRITE_MS) return;
    this.lastWritten.set(id, t);
    this.keys.update({ id }, { lastUsedAt: new Date(t) }).catch((e: unknown) => {
      this.lastWritten.delete(id);
      this.logger.warn({ msg: 'api key last-used time not written', keyId: id, error: (e as Error).message });
    });
  }

  private view(r: ApiKeyEntity): ApiKeyView {
    const t = this.now().getTime();
    const state = r.revokedAt ? 'revoked' : r.expiresAt && r.expiresAt.getTime() <= t ? 'expired' : 'active';
    return {
      id: r.id,
      name: r.name,
      prefix: keyPrefix(r.id),
      scopes: r.scopes,
      userId: r.userId,
      username: r.user?.username ?? '',
      state,
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdBy,
      expiresAt: r.expiresAt?.toISOString() ?? null,
      revokedAt: r.revokedAt?.toISOString() ?? null,
      revokedBy: r.revokedBy,
      lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    };
  }
}
