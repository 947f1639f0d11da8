import { Counter, Gauge, register, type Registry } from 'prom-client';

/** The replicated deployment's metrics (ADR 0010), created once per registry (several apps may share one in tests). */
export interface SessionMetrics {
  owner: Gauge;
  epoch: Gauge;
  failovers: Counter;
  commands: Counter<'kind' | 'outcome'>;
}

function once<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export function sessionMetrics(registry: Registry = register): SessionMetrics {
  const registers = [registry];
  return {
    owner: once(registry, 'ibkr_session_owner', () => new Gauge({ name: 'ibkr_session_owner', help: '1 while this process owns the IB session (holds the PostgreSQL lock), else 0', registers })),
    epoch: once(registry, 'ibkr_session_epoch', () => new Gauge({ name: 'ibkr_session_epoch', help: 'The fencing epoch of the IB session as this process last saw it (bumped on every take-over)', registers })),
    failovers: once(
      registry,
      'ibkr_session_failovers_total',
      () => new Counter({ name: 'ibkr_session_failovers_total', help: 'Take-overs of the IB session by this process from another replica (fail-overs and hand-overs)', registers }),
    ),
    commands: once(
      registry,
      'ibkr_session_commands_total',
      () =>
        new Counter({
          name: 'ibkr_session_commands_total',
          help: 'Commands forwarded to the session owner through PostgreSQL, by kind (http | call) and outcome (done | no_owner | abandoned | unknown | failed)',
          labelNames: ['kind', 'outcome'],
          registers,
        }),
    ),
  };
}
