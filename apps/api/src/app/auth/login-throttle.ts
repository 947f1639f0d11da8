import type { LockedAccountView } from '@ibsc/shared-dto';
import type { LoginLimits } from '../config/app-config';
import type { NowFn } from '../config/config.tokens';

/** Why a sign-in is refused before its password is checked. */
export type ThrottleReason = 'locked' | 'backoff' | 'address';
export interface ThrottleVerdict {
  reason: ThrottleReason;
  retryAfterSec: number;
}
export type LockedAccount = LockedAccountView;

interface AccountState {
  failures: number;
  lastFailureMs: number;
  lockedUntilMs: number;
}
interface AddressState {
  failures: number;
  windowStartMs: number;
}

/** Longest wait between two attempts of one account before it locks. */
const MAX_BACKOFF_SEC = 60;
/** Entries kept per map; beyond it the oldest are dropped (a flood of names or addresses cannot grow memory). */
const MAX_ENTRIES = 100_000;

/**
 * Failed-login bookkeeping, in memory, on the injected clock (ADR 0008). Per account (also names that do not exist,
 * so the answers do not reveal which do): after `backoffAfter` failures each attempt waits 1, 2, 4 … s (at most 60);
 * after `lockoutAfter` failures the account is locked for `lockoutSec`, even for the right password, until it expires
 * or an admin clears it. Per address: `addressMaxFailures` failures within `lockoutSec` refuse that address until the
 * window passes. A success clears its account, never its address (one's own account must not launder guesses).
 */
export class LoginThrottle {
  private readonly accounts = new Map<string, AccountState>();
  private readonly addresses = new Map<string, AddressState>();

  constructor(
    private readonly limits: LoginLimits,
    private readonly now: NowFn,
  ) {}

  check(username: string, address: string): ThrottleVerdict | null {
    const t = this.now().getTime();
    const a = this.account(username, t);
    if (a && a.lockedUntilMs > t) return { reason: 'locked', retryAfterSec: secs(a.lockedUntilMs - t) };
    const ip = this.address(address, t);
    if (ip && ip.failures >= this.limits.addressMaxFailures) {
      return { reason: 'address', retryAfterSec: secs(ip.windowStartMs + this.limits.lockoutSec * 1000 - t) };
    }
    if (a && a.failures >= this.limits.backoffAfter) {
      const waitSec = Math.min(MAX_BACKOFF_SEC, 2 ** (a.failures - this.limits.backoffAfter));
      const next = a.lastFailureMs + waitSec * 1000;
      if (next > t) return { reason: 'backoff', retryAfterSec: secs(next - t) };
    }
    return null;
  }

  /** Records a wrong password; returns true when this failure locked the account. */
  fail(username: string, address: string): boolean {
    const t = this.now().getTime();
    const a = this.account(username, t) ?? { failures: 0, lastFailureMs: t, lockedUntilMs: 0 };
    a.failures++;
    a.lastFailureMs = t;
    const locked = a.failures >= this.limits.lockoutAfter && a.lockedUntilMs <= t;
    if (locked) a.lockedUntilMs = t + this.limits.lockoutSec * 1000;
    put(this.accounts, key(username), a);
    const ip = this.address(address, t) ?? { failures: 0, windowStartMs: t };
    ip.failures++;
    put(this.addresses, address, ip);
    return locked;
  }

  succeed(username: string): void {
    this.accounts.delete(key(username));
  }

  /** An admin lifts a lockout (and the back-off) of one account; false when it had none. */
  clear(username: string): boolean {
    return this.accounts.delete(key(username));
  }

  locked(): LockedAccount[] {
    const t = this.now().getTime();
    return [...this.accounts.entries()]
      .filter(([, a]) => a.lockedUntilMs > t)
      .map(([username, a]) => ({ username, failures: a.failures, lockedUntil: new Date(a.lockedUntilMs).toISOString() }));
  }

  /** The state of an account, forgotten once `lockoutSec` passed since its last failure and its lock ended. */
  private account(username: string, t: number): AccountState | undefined {
    const k = key(username);
    const a = this.accounts.get(k);
    if (a && a.lockedUntilMs <= t && t - a.lastFailureMs > this.limits.lockoutSec * 1000) {
      this.accounts.delete(k);
      return undefined;
    }
    return a;
  }

  private address(address: string, t: number): AddressState | undefined {
    const ip = this.addresses.get(address);
    if (ip && t - ip.windowStartMs >= this.limits.lockoutSec * 1000) {
      this.addresses.delete(address);
      return undefined;
    }
    return ip;
  }
}

const key = (username: string) => username.toLowerCase();
const secs = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function put<V>(map: Map<string, V>, k: string, v: V): void {
  map.delete(k);
  map.set(k, v);
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as string);
}
