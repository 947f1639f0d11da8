import { TestBed } from '@angular/core/testing';
import { EmptyStateComponent } from './empty-state.component';

describe('EmptyStateComponent', () => {
  it('renders a labelled section with title and message', async () => {
    const fixture = TestBed.createComponent(EmptyStateComponent);
    fixture.componentRef.setInput('title', 'Nothing here');
    fixture.componentRef.setInput('message', 'Come back later.');
    await fixture.whenStable();
    const section = fixture.nativeElement.querySelector('section') as HTMLElement;
    const heading = section.querySelector('h2')!;
    expect(heading.textContent).toContain('Nothing here');
    expect(section.getAttribute('aria-labelledby')).toBe(heading.id);
    expect(section.textContent).toContain('Come back later.');
  });
});
