import { SessionFencedError, type TransmitFence } from '@ibsc/orders';
import type { DataSource } from 'typeorm';
import type { SessionRolesService } from './session-roles.service';

/**
 * The fence around every transmission (ADR 0010): in one transaction, the session row is read FOR SHARE and must
 * name this replica at the epoch it took over with; the bytes are written to the gateway; then the transaction
 * ends. A take-over's UPDATE of that row waits for a transmission in flight, and a deposed owner (another epoch, or
 * its lock connection lost) sends nothing.
 */
export class PgTransmitFence implements TransmitFence {
  constructor(
    private readonly db: DataSource,
    private readonly roles: SessionRolesService,
  ) {}

  async transmit<T>(send: () => Promise<T>): Promise<T> {
    if (!this.roles.isOwner) throw new SessionFencedError('this replica does not own the IB session');
    const qr = this.db.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      const rows: Array<{ owner: string | null; epoch: string }> = await qr.query(`SELECT owner, epoch FROM ibsc_session WHERE id = 1 FOR SHARE`);
      const row = rows[0];
      const epoch = this.roles.lease.currentEpoch;
      if (!row || row.owner !== this.roles.lease.replicaId || Number(row.epoch) !== epoch || !this.roles.isOwner) {
        throw new SessionFencedError(`session fenced: epoch ${row?.epoch ?? '?'} is owned by ${row?.owner ?? 'nobody'}, this replica took epoch ${epoch}`);
      }
      const result = await send();
      await qr.commitTransaction();
      return result;
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await qr.release();
    }
  }
}
