import { TestBed } from '@angular/core/testing';
import { OrderStatusBadgeComponent } from './order-status-badge.component';

describe('OrderStatusBadgeComponent', () => {
  it.each([
    ['filled', 'filled', 'badge--ok'],
    ['partially_filled', 'partially filled', 'badge--warning'],
    ['rejected', 'rejected', 'badge--danger'],
  ] as const)('%s reads "%s" in %s', async (status, text, cls) => {
    const fixture = TestBed.createComponent(OrderStatusBadgeComponent);
    fixture.componentRef.setInput('status', status);
    await fixture.whenStable();
    const badge = (fixture.nativeElement as HTMLElement).querySelector('.badge');
    expect(badge?.textContent).toBe(text);
    expect(badge?.classList).toContain(cls);
  });
});
