import { TestBed } from '@angular/core/testing';
import { MAX_TOASTS, ToastService } from './toast.service';

describe('ToastService', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('shows toasts and removes them after their time; errors stay until dismissed', () => {
    const toasts = TestBed.inject(ToastService);
    toasts.success('Filled', '1 × SPY');
    const errorId = toasts.error('Rejected', 'no margin');
    expect(toasts.toasts().map((t) => t.title)).toEqual(['Filled', 'Rejected']);
    jest.advanceTimersByTime(60_000);
    expect(toasts.toasts().map((t) => t.title)).toEqual(['Rejected']);
    toasts.dismiss(errorId);
    expect(toasts.toasts()).toEqual([]);
  });

  it('keeps only the newest few', () => {
    const toasts = TestBed.inject(ToastService);
    for (let i = 0; i < MAX_TOASTS + 2; i++) toasts.info(`t${i}`);
    expect(toasts.toasts()).toHaveLength(MAX_TOASTS);
    expect(toasts.toasts()[0].title).toBe('t2');
  });
});
