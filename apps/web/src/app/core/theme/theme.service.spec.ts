import { TestBed } from '@angular/core/testing';
import { ThemeService } from './theme.service';

describe('ThemeService', () => {
  beforeEach(() => localStorage.clear());

  it('applies the saved theme to <html> for our CSS and for AG Grid', () => {
    localStorage.setItem('ibsc.theme', 'dark');
    const theme = TestBed.inject(ThemeService);
    TestBed.tick();
    expect(theme.theme()).toBe('dark');
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
    expect(document.documentElement.getAttribute('data-ag-theme-mode')).toBe('dark');
  });

  it('toggles and remembers the choice', () => {
    localStorage.setItem('ibsc.theme', 'light');
    const theme = TestBed.inject(ThemeService);
    theme.toggle();
    TestBed.tick();
    expect(theme.theme()).toBe('dark');
    expect(localStorage.getItem('ibsc.theme')).toBe('dark');
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');

    theme.toggle();
    TestBed.tick();
    expect(document.documentElement.getAttribute('data-theme')).toBe('light');
  });

  it('defaults to light when nothing is saved and the system has no preference', () => {
    expect(TestBed.inject(ThemeService).theme()).toBe('light');
  });
});
