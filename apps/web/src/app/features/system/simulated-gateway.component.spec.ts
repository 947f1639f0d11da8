import { TestBed } from '@angular/core/testing';
import { makeGateway } from '../../testing/fake-status-socket';
import { signedIn } from '../../testing/signed-in';
import { SimulatedGatewayComponent } from './simulated-gateway.component';
import { SIMULATOR_FAULTS_URL } from './system-api.service';

describe('SimulatedGatewayComponent', () => {
  async function render(kind: 'simulator' | 'tws' = 'simulator', simulatorFaults?: boolean) {
    const t = signedIn();
    const fixture = TestBed.createComponent(SimulatedGatewayComponent);
    fixture.componentRef.setInput('gateway', makeGateway({ kind, simulatorFaults }));
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const button = (label: string) => Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.includes(label)) as HTMLButtonElement;
    const downtime = async (value: string) => {
      const input = el.querySelector('#sim-down') as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
      await fixture.whenStable();
    };
    return { t, fixture, el, button, downtime };
  }

  it('restarts the simulated gateway for the downtime given, in milliseconds, and says so', async () => {
    const { t, fixture, el, button, downtime } = await render();
    expect((el.querySelector('#sim-down') as HTMLInputElement).value).toBe('3');
    await downtime('10');
    button('Restart gateway').click();
    await fixture.whenStable();
    const req = t.http().expectOne(SIMULATOR_FAULTS_URL);
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ kind: 'restart', downMs: 10_000 });
    expect(button('Restart gateway').disabled).toBe(true); // one at a time
    req.flush({ kind: 'restart', downMs: 10_000, mode: 'refuse', farm: null, at: '2026-11-21T14:30:00.000Z', by: 'alice', gatewayKind: 'simulator', gatewayState: 'ready' });
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=sim-message]')?.textContent).toContain('Gateway restart injected for 10 s');
    expect(el.querySelector('[data-testid=sim-message]')?.getAttribute('role')).toBe('status');
    expect(button('Restart gateway').disabled).toBe(false);
    t.http().verify();
  });

  it('drops the connection and breaks the farm; a downtime out of range blocks only what uses it', async () => {
    const { t, fixture, el, button, downtime } = await render();
    await downtime('61');
    expect(el.querySelector('#sim-down-errors')?.textContent).toContain('whole number of seconds from 0 to 60');
    expect(el.querySelector('#sim-down')?.getAttribute('aria-invalid')).toBe('true');
    expect(button('Restart gateway').disabled).toBe(true);
    expect(button('Break market-data farm').disabled).toBe(true);
    expect(button('Drop connection').disabled).toBe(false);
    button('Drop connection').click();
    const drop = t.http().expectOne(SIMULATOR_FAULTS_URL);
    expect(drop.request.body).toEqual({ kind: 'drop' });
    drop.flush({ kind: 'drop', downMs: null, mode: null, farm: null, at: '2026-11-21T14:30:00.000Z', by: 'alice', gatewayKind: 'simulator', gatewayState: 'ready' });
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=sim-message]')?.textContent).toContain('Connection drop injected at');

    await downtime('1.5');
    expect(button('Restart gateway').disabled).toBe(true);
    await downtime('0');
    expect(el.querySelector('#sim-down-errors')?.textContent?.trim()).toBe('');
    button('Break market-data farm').click();
    expect(t.http().expectOne(SIMULATOR_FAULTS_URL).request.body).toEqual({ kind: 'farm', downMs: 0 });
  });

  it("shows the API's refusal", async () => {
    const { t, fixture, el, button } = await render();
    button('Restart gateway').click();
    t.http()
      .expectOne(SIMULATOR_FAULTS_URL)
      .flush({ statusCode: 409, error: 'Conflict', message: 'faults can be injected only into the built-in simulated gateway' }, { status: 409, statusText: 'Conflict' });
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=sim-message]')?.textContent).toContain('Fault not injected: faults can be injected only into the built-in simulated gateway');
  });

  it('works with a standalone simulator behind IB_GATEWAY=tws when the server says it reaches it (SIM_CONTROL_URL)', async () => {
    const { t, fixture, el, button } = await render('tws', true);
    expect(el.querySelector('[data-testid=sim-unavailable]')).toBeNull();
    expect(el.textContent).toContain('Fault drills for the standalone simulator');
    expect(button('Drop connection').disabled).toBe(false);
    button('Break market-data farm').click();
    const req = t.http().expectOne(SIMULATOR_FAULTS_URL);
    expect(req.request.body).toEqual({ kind: 'farm', downMs: 3000 });
    req.flush({ kind: 'farm', downMs: 3000, mode: null, farm: 'market', at: '2026-11-21T14:30:00.000Z', by: 'alice', gatewayKind: 'tws', gatewayState: 'ready' });
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=sim-message]')?.textContent).toContain('Market-data farm outage injected');
    t.http().verify();
  });

  it('is disabled, with the reason, when the gateway is TWS', async () => {
    const { t, el, button } = await render('tws', false);
    expect(el.querySelector('[data-testid=sim-unavailable]')?.textContent).toContain('only with the built-in simulator (IB_GATEWAY=simulator) or a standalone one (SIM_CONTROL_URL)');
    for (const label of ['Restart gateway', 'Drop connection', 'Break market-data farm']) expect(button(label).disabled).toBe(true);
    expect((el.querySelector('#sim-down') as HTMLInputElement).disabled).toBe(true);
    t.http().verify();
  });
});
