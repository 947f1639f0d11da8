import { TestBed } from '@angular/core/testing';
import { ToastHostComponent } from './toast-host.component';
import { ToastService } from './toast.service';

describe('ToastHostComponent', () => {
  it('announces toasts, errors as alerts, and dismisses on click', async () => {
    const fixture = TestBed.createComponent(ToastHostComponent);
    const toasts = TestBed.inject(ToastService);
    toasts.success('Order filled', '1 × SPY bull put');
    toasts.error('Order rejected', 'Insufficient margin');
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[aria-live=polite]')).not.toBeNull();
    expect(el.querySelector('[role=status]')?.textContent).toContain('Order filled');
    expect(el.querySelector('[role=alert]')?.textContent).toContain('Insufficient margin');
    (el.querySelector('[aria-label="Dismiss: Order rejected"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(el.querySelector('[role=alert]')).toBeNull();
    toasts.dismiss(toasts.toasts()[0].id);
  });
});
