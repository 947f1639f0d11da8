import { Inject, Injectable, Logger, OnModuleDestroy, UnauthorizedException } from '@nestjs/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import type { Server, Socket } from 'socket.io';
import { ApiKeysService } from '../api-keys/api-keys.service';
import type { AuthSession } from '../auth/auth-user';
import { AuthGuard } from '../auth/auth.guard';
import { DomainError } from '../common/domain-error';
import { CLOCK, type NowFn } from '../config/config.tokens';
import { TokenRevocations } from '../users/token-revocations';

export const SOCKETS_CLOSED_TOTAL = 'ibsc_socket_sessions_closed_total';
export const socketsClosedCounter = makeCounterProvider({
  name: SOCKETS_CLOSED_TOTAL,
  help: 'Sockets the server closed because their token expired or was revoked (logout, password, role, disabled)',
  labelNames: ['reason'],
});

/** Every this many ms: close sockets whose token expired (on the injected clock). */
export const EXPIRY_SWEEP_MS = 1000;
/** Every this many ms: re-check each socket's token against the database (revocations made by other replicas). */
export const REVALIDATE_MS = 30_000;

/** A refusal of the credential itself (401), as opposed to an outage. */
function unauthorized(e: unknown): string | null {
  if (e instanceof DomainError && e.status === 401) return `unauthorized: ${e.code}: ${e.message}`;
  if (e instanceof UnauthorizedException) return 'unauthorized: invalid or expired token';
  return null;
}

interface SessionData {
  user: AuthSession['user'];
  session: AuthSession;
  token: string;
}

/**
 * Socket.IO sessions live no longer than their token (ADR 0008): a socket authenticates on connect like REST, is
 * closed when its token expires, at once when its user's tokens are revoked in this process, and within
 * REVALIDATE_MS when revoked elsewhere. The client sees `disconnect` with reason "io server disconnect".
 * An API key works as the token too (ADR 0016): its handshake takes one request from the key's rate limit, and the
 * socket closes at once when the key is revoked in this process (within REVALIDATE_MS elsewhere).
 */
@Injectable()
export class SocketSessions implements OnModuleDestroy {
  private readonly logger = new Logger('socket');
  private server: Server | null = null;
  private readonly timers: NodeJS.Timeout[] = [];
  private unsubscribe: () => void = () => undefined;
  private unsubscribeKeys: () => void = () => undefined;

  constructor(
    private readonly auth: AuthGuard,
    private readonly revocations: TokenRevocations,
    @Inject(CLOCK) private readonly now: NowFn,
    @InjectMetric(SOCKETS_CLOSED_TOTAL) private readonly closed: Counter<'reason'>,
    private readonly apiKeys: ApiKeysService,
  ) {}

  /** Installs the handshake check and the expiry and revocation watchers on the gateway's server. */
  attach(server: Server): void {
    this.server = server;
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || token.length === 0) return next(new Error('unauthorized: missing token'));
      this.auth
        .verifySession(token)
        .then((session) => {
          const key = session.user.apiKey;
          const wait = key ? this.apiKeys.take(key.id) : null;
          if (wait !== null) return next(new Error(`rate limited: RATE_LIMITED: retry in ${wait} s`));
          if (key) this.apiKeys.count('ok');
          const data: SessionData = { user: session.user, session, token };
          socket.data = data;
          next();
        })
        .catch((e: unknown) => next(new Error(unauthorized(e) ?? 'unavailable: retry shortly')));
    });
    // A user's revocation (logout, password…) ends their sessions, not their API keys' sockets (ADR 0016), except disable.
    this.unsubscribe = this.revocations.on((userId, reason) =>
      this.closeWhere((d) => d.user.id === userId && (!d.user.apiKey || reason === 'disabled' || reason === 'role'), `revoked:${reason}`),
    );
    this.unsubscribeKeys = this.apiKeys.onRevoked((keyId) => this.closeWhere((d) => d.user.apiKey?.id === keyId, 'revoked:api_key'));
    const sweep = setInterval(() => this.sweepExpired(), EXPIRY_SWEEP_MS);
    const revalidate = setInterval(() => void this.revalidate(), REVALIDATE_MS);
    sweep.unref();
    revalidate.unref();
    this.timers.push(sweep, revalidate);
  }

  sweepExpired(): void {
    const t = this.now().getTime();
    this.closeWhere((d) => d.session.expiresAtMs <= t, 'expired');
  }

  /** Re-verifies every socket's token; closes those refused (a database outage closes nothing). */
  async revalidate(): Promise<void> {
    for (const socket of this.sockets()) {
      const data = socket.data as SessionData | undefined;
      if (!data?.token) continue;
      try {
        await this.auth.verifySession(data.token);
      } catch (e) {
        if (unauthorized(e)) this.close(socket, 'revoked');
      }
    }
  }

  private closeWhere(match: (d: SessionData) => boolean, reason: string): void {
    for (const socket of this.sockets()) {
      const data = socket.data as SessionData | undefined;
      if (data?.session && match(data)) this.close(socket, reason);
    }
  }

  private close(socket: Socket, reason: string): void {
    const label = reason.startsWith('revoked') ? 'revoked' : 'expired';
    this.closed.inc({ reason: label });
    this.logger.log({ msg: 'socket closed: token ' + label, socketId: socket.id, userId: (socket.data as SessionData).user.id, reason });
    socket.disconnect(true);
  }

  private sockets(): Socket[] {
    return this.server ? [...this.server.sockets.sockets.values()] : [];
  }

  onModuleDestroy(): void {
    for (const t of this.timers) clearInterval(t);
    this.unsubscribe();
    this.unsubscribeKeys();
  }
}
