import { Injectable } from '@nestjs/common';

export type RevocationReason = 'logout' | 'password' | 'role' | 'disabled';
type Listener = (userId: string, reason: RevocationReason) => void;

/**
 * In-process notice that a user's tokens were revoked (their token_version was bumped), so open sockets of that
 * user close at once. Other replicas learn it from the database on their periodic socket re-check.
 */
@Injectable()
export class TokenRevocations {
  private readonly listeners = new Set<Listener>();

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(userId: string, reason: RevocationReason): void {
    for (const l of this.listeners) l(userId, reason);
  }
}
