import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/postgres-adapter';
import { Pool } from 'pg';

/**
 * Socket.IO across replicas (ADR 0010): the maintained PostgreSQL adapter relays every broadcast (and room emit)
 * through NOTIFY, so an event the session owner emits reaches the sockets of every replica. Payloads over
 * PostgreSQL's 8,000-byte NOTIFY limit go through `socket_io_attachments` (created by the migrations).
 * WebSocket only: long-polling needs every request of a session to reach the same replica (sticky sessions),
 * which a plain Service or round-robin proxy does not give; the console connects with WebSocket.
 */
export class PostgresIoAdapter extends IoAdapter {
  private pool: Pool | null = null;

  constructor(
    app: INestApplicationContext,
    private readonly databaseUrl: string,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Parameters<IoAdapter['createIOServer']>[1]): ReturnType<IoAdapter['createIOServer']> {
    const server = super.createIOServer(port, { ...options, transports: ['websocket'] } as Parameters<IoAdapter['createIOServer']>[1]);
    this.pool = new Pool({ connectionString: this.databaseUrl, max: 4, application_name: 'ibsc-socket.io' });
    this.pool.on('error', () => undefined);
    // @nestjs/platform-socket.io carries its own copy of socket.io: the same runtime API, other type declarations.
    (server as { adapter(a: unknown): void }).adapter(createAdapter(this.pool, { errorHandler: () => undefined, heartbeatInterval: 5000, heartbeatTimeout: 15000 }));
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    const pool = this.pool;
    this.pool = null;
    await pool?.end().catch(() => undefined);
  }
}
