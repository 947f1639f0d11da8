import { UnconnectedGatewayStatus } from './gateway-status.source';

describe('UnconnectedGatewayStatus', () => {
  it('reports a disconnected gateway with the configured budget, without holding readiness down', () => {
    const s = new UnconnectedGatewayStatus('tws', '10.0.0.5', 7497, 90);
    expect(s.gateway()).toMatchObject({ kind: 'tws', state: 'disconnected', host: '10.0.0.5', port: 7497 });
    expect(s.marketData()).toEqual({ active: 0, max: 90, waiting: 0 });
    expect(s.health()).toMatchObject({ up: true, details: { state: 'disconnected', message: 'connection layer not started' } });
  });
});
