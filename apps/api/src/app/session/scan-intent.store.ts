import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ScanSettings } from '@ibsc/scanner';
import { DataSource } from 'typeorm';

export interface ScanIntent {
  running: boolean;
  settings: ScanSettings | null;
}

/**
 * The scan the console asked for (started with these settings, or stopped), stored by the session owner after each
 * start, stop and filter change, so the next owner runs the same scan after a fail-over or hand-over.
 */
@Injectable()
export class ScanIntentStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async save(intent: ScanIntent, by: string): Promise<void> {
    await this.db.query(
      `INSERT INTO scan_intent (id, running, request, updated_by, updated_at) VALUES (1, $1, $2, $3, now())
       ON CONFLICT (id) DO UPDATE SET running = EXCLUDED.running, request = EXCLUDED.request, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [intent.running, intent.settings ? JSON.stringify(intent.settings) : null, by],
    );
  }

  async load(): Promise<ScanIntent | null> {
    const rows: Array<{ running: boolean; request: ScanSettings | null }> = await this.db.query(`SELECT running, request FROM scan_intent WHERE id = 1`);
    const r = rows[0];
    return r ? { running: r.running, settings: r.request } : null;
  }
}
