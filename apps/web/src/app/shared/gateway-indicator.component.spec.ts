import { TestBed } from '@angular/core/testing';
import type { GatewayStatus } from '@ibsc/shared-dto';
import { makeGateway } from '../testing/fake-status-socket';
import { GatewayIndicatorComponent } from './gateway-indicator.component';

describe('GatewayIndicatorComponent', () => {
  async function render(gateway: GatewayStatus): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(GatewayIndicatorComponent);
    fixture.componentRef.setInput('gateway', gateway);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('names the gateway and its state, steady when ready', async () => {
    const el = await render(makeGateway({ kind: 'tws', state: 'ready' }));
    expect(el.textContent).toContain('TWS');
    expect(el.textContent).toContain('ready');
    expect(el.querySelector('.pulse')).toBeNull();
  });

  it.each(['connecting', 'degraded', 'restoring', 'disconnected'] as const)('pulses when %s', async (state) => {
    const el = await render(makeGateway({ state }));
    expect(el.querySelector('.gateway__dot.pulse')).not.toBeNull();
    expect(el.textContent).toContain(state);
  });

  it('flags an expected restart and puts the details in the tooltip', async () => {
    const el = await render(
      makeGateway({ state: 'restoring', expectedRestart: true, message: 'Daily restart', host: 'gw', port: 4002 }),
    );
    expect(el.querySelector('.gateway__restart')?.textContent).toContain('expected restart');
    expect(el.querySelector('.gateway')?.getAttribute('title')).toContain('Simulator at gw:4002 · Daily restart');
  });
});
