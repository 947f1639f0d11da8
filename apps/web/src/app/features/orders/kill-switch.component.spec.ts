import { TestBed } from '@angular/core/testing';
import { signedIn } from '../../testing/signed-in';
import { KillSwitchComponent } from './kill-switch.component';
import { RISK_URL } from './orders-api.service';

describe('KillSwitchComponent', () => {
  it('trips the switch with a reason and shows it tripped', async () => {
    const t = signedIn();
    const fixture = TestBed.createComponent(KillSwitchComponent);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.textContent).toContain('state unknown');
    expect(el.querySelector('button')).toBeNull();
    t.http().expectOne((r) => r.url.endsWith('/orders')).flush([]);
    t.http().expectOne(RISK_URL).flush({ killSwitch: { tripped: false, reason: null, trippedAt: null, trippedBy: null, resetAt: null, resetBy: null } });
    await fixture.whenStable();
    expect(el.textContent).toContain('Trading enabled');
    (Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.includes('Trip kill switch')) as HTMLButtonElement).click();
    await fixture.whenStable();
    const reason = el.querySelector('[aria-label=Reason]') as HTMLInputElement;
    reason.value = 'market halted';
    reason.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    (Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.includes('Trip now')) as HTMLButtonElement).click();
    const req = t.http().expectOne(`${RISK_URL}/kill-switch`);
    expect(req.request.body).toEqual({ tripped: true, reason: 'market halted' });
    req.flush({ tripped: true, reason: 'market halted', trippedAt: '2026-11-21T15:00:00.000Z', trippedBy: 'alice', resetAt: null, resetBy: null });
    await fixture.whenStable();
    expect(el.querySelector('.badge--danger')?.textContent).toContain('Kill switch tripped');
  });
});
