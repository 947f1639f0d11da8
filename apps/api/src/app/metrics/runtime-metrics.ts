/**
 * Metrics of the API process's own dependencies, read at scrape time:
 *   api_database_up                 gauge, 1 when PostgreSQL answers `SELECT 1` within 2 s, else 0
 *   socketio_connected_clients      gauge, Socket.IO clients connected to this replica (set by the events gateway)
 *   socketio_cluster_peers          gauge, other replicas this one's Socket.IO adapter hears (0: broadcasts stay local)
 */
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge, register } from 'prom-client';
import type { DataSource } from 'typeorm';

const PING_TIMEOUT_MS = 2000;
const NAMES = ['api_database_up', 'socketio_connected_clients', 'socketio_cluster_peers'] as const;

@Injectable()
export class RuntimeMetrics implements OnModuleDestroy {
  private socketClients: () => number = () => 0;
  private clusterPeers: () => number = () => 0;

  constructor(@InjectDataSource() db: DataSource) {
    for (const name of NAMES) register.removeSingleMetric(name);
    const registers = [register];
    new Gauge({
      name: 'api_database_up',
      help: `1 when PostgreSQL answers SELECT 1 within ${PING_TIMEOUT_MS} ms, else 0`,
      registers,
      async collect() {
        this.set((await ping(db)) ? 1 : 0);
      },
    });
    const clients = () => this.socketClients();
    new Gauge({
      name: 'socketio_connected_clients',
      help: 'Socket.IO clients connected to this replica',
      registers,
      collect() {
        this.set(clients());
      },
    });
    const peers = () => this.clusterPeers();
    new Gauge({
      name: 'socketio_cluster_peers',
      help: "Other API replicas this replica's Socket.IO adapter hears (0: broadcasts stay in this process)",
      registers,
      collect() {
        this.set(peers());
      },
    });
  }

  /** The Socket.IO adapter hands over its peer count at start-up. */
  countClusterPeers(read: () => number): void {
    this.clusterPeers = read;
  }

  /** The events gateway hands over its engine's client count once it is up. */
  countSocketClients(read: () => number): void {
    this.socketClients = read;
  }

  onModuleDestroy(): void {
    for (const name of NAMES) register.removeSingleMetric(name);
  }
}

async function ping(db: DataSource): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
  });
  try {
    return await Promise.race([db.query('SELECT 1').then(() => true as const), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
