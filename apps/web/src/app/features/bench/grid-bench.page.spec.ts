import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { GridBenchPage } from './grid-bench.page';

describe('GridBenchPage', () => {
  it('feeds the grid, measures frames, and publishes the result', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([{ path: 'bench', component: GridBenchPage }])] });
    const raf = jest.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => setTimeout(() => cb(performance.now()), 16) as unknown as number);
    const harness = await RouterTestingHarness.create('/bench?rows=50&hz=20&updates=10&seconds=0.5');
    await new Promise((resolve) => setTimeout(resolve, 2600));
    await harness.fixture.whenStable();
    const result = window.__gridBench;
    expect(result?.rows).toBe(50);
    expect(result?.ticks).toBeGreaterThan(0);
    expect(result?.rowUpdatesApplied).toBeGreaterThan(0);
    expect(result?.frames).toBeGreaterThan(0);
    expect((harness.routeNativeElement as HTMLElement).querySelector('[data-testid=bench-state]')?.textContent).toBe('done');
    raf.mockRestore();
    delete window.__gridBench;
  });
});
