import { themeQuartz } from 'ag-grid-community';

/** Grid colours come from the console's CSS variables, which already switch with `data-theme`. */
const sharedColours = {
  backgroundColor: 'var(--surface)',
  foregroundColor: 'var(--text)',
  headerBackgroundColor: 'var(--surface-2)',
  borderColor: 'var(--border)',
  accentColor: 'var(--accent)',
};

/**
 * AG Grid theme through the theming API (no grid CSS import). AG Grid picks its light or dark base from
 * `data-ag-theme-mode` on <html> (set by ThemeService); both modes then take our variables.
 */
export const consoleGridTheme = themeQuartz
  .withParams({ fontFamily: 'inherit', fontSize: 13, headerFontWeight: 600, spacing: 6, wrapperBorderRadius: 6 })
  .withParams(sharedColours, 'light')
  .withParams(sharedColours, 'dark');
