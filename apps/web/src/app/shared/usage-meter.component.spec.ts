import { TestBed } from '@angular/core/testing';
import { UsageMeterComponent } from './usage-meter.component';

describe('UsageMeterComponent', () => {
  async function render(active: number, max: number) {
    const fixture = TestBed.createComponent(UsageMeterComponent);
    fixture.componentRef.setInput('active', active);
    fixture.componentRef.setInput('max', max);
    fixture.componentRef.setInput('label', 'Lines');
    await fixture.whenStable();
    return fixture.nativeElement.querySelector('[role=meter]') as HTMLElement;
  }

  it('shows active/max and exposes them to assistive tech', async () => {
    const meter = await render(40, 90);
    expect(meter.textContent).toContain('40/90');
    expect(meter.getAttribute('aria-valuenow')).toBe('40');
    expect(meter.getAttribute('aria-valuemax')).toBe('90');
    expect(meter.getAttribute('aria-label')).toBe('Lines');
    expect(meter.classList).not.toContain('usage-meter--warning');
  });

  it('does not warn at exactly 80 %', async () => {
    expect((await render(72, 90)).classList).not.toContain('usage-meter--warning');
  });

  it('warns above 80 %', async () => {
    expect((await render(73, 90)).classList).toContain('usage-meter--warning');
  });

  it('turns to danger at the limit', async () => {
    const meter = await render(90, 90);
    expect(meter.classList).toContain('usage-meter--danger');
    expect(meter.classList).not.toContain('usage-meter--warning');
  });
});
