import { DOCUMENT } from '@angular/common';
import { effect, inject, Injectable, signal } from '@angular/core';

export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'ibsc.theme';

/**
 * Light or dark, remembered across visits. Sets `data-theme` (our CSS variables) and `data-ag-theme-mode`
 * (AG Grid's theming API) on <html>.
 */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  private readonly document = inject(DOCUMENT);
  private readonly themeState = signal<Theme>(this.initial());

  readonly theme = this.themeState.asReadonly();

  constructor() {
    effect(() => this.apply(this.themeState()));
  }

  toggle(): void {
    this.set(this.themeState() === 'dark' ? 'light' : 'dark');
  }

  set(theme: Theme): void {
    this.themeState.set(theme);
    try {
      localStorage.setItem(STORAGE_KEY, theme);
    } catch {
      // storage may be disabled; the choice then lasts for this page only
    }
  }

  private apply(theme: Theme): void {
    const root = this.document.documentElement;
    root.setAttribute('data-theme', theme);
    root.setAttribute('data-ag-theme-mode', theme);
    root.style.colorScheme = theme;
  }

  private initial(): Theme {
    try {
      const saved = localStorage.getItem(STORAGE_KEY);
      if (saved === 'light' || saved === 'dark') return saved;
    } catch {
      // ignore
    }
    const view = this.document.defaultView;
    return view?.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
}
