/**
 * The persisted kill switch: tripped by the daily loss limit (or an admin), it blocks new orders across restarts
 * until an admin resets it. Every change is audited in the same transaction.
 */
import type { DataSource } from 'typeorm';
import { appendAudit } from '../persistence/audit-log';
import { KillSwitchEntity } from '../persistence/entities/kill-switch.entity';
import type { KillSwitchState } from './risk-guard';

export class KillSwitchService {
  constructor(
    private readonly db: DataSource,
    private readonly now: () => Date,
  ) {}

  async get(): Promise<KillSwitchEntity> {
    return this.db.getRepository(KillSwitchEntity).findOneByOrFail({ id: 1 });
  }

  async state(): Promise<KillSwitchState> {
    const k = await this.get();
    return { tripped: k.tripped, reason: k.reason, trippedAt: k.trippedAt };
  }

  /** Idempotent: tripping a tripped switch keeps the first reason and time. */
  async trip(actor: string, reason: string): Promise<KillSwitchEntity> {
    return this.change(true, actor, reason);
  }

  /** Admin only (the controller's @Roles('admin') enforces it). */
  async reset(actor: string, reason: string): Promise<KillSwitchEntity> {
    return this.change(false, actor, reason);
  }

  private change(tripped: boolean, actor: string, reason: string): Promise<KillSwitchEntity> {
    return this.db.transaction(async (em) => {
      const repo = em.getRepository(KillSwitchEntity);
      const k = await repo.findOneOrFail({ where: { id: 1 }, lock: { mode: 'pessimistic_write' } });
      if (k.tripped === tripped) return k;
      const before = { tripped: k.tripped, reason: k.reason };
      const now = this.now();
      if (tripped) {
        k.tripped = true;
        k.reason = reason;
        k.trippedAt = now;
        k.trippedBy = actor;
      } else {
        k.tripped = false;
        k.resetAt = now;
        k.resetBy = actor;
      }
      await repo.save(k);
      await appendAudit(em, now, { actor, action: tripped ? 'kill_switch.tripped' : 'kill_switch.reset', reason, before, after: { tripped: k.tripped, reason: k.reason } });
      return k;
    });
  }
}
