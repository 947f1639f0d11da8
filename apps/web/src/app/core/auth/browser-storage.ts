import { InjectionToken } from '@angular/core';

/** Where the session lives: sessionStorage, so a token never outlives the tab. Replaceable in tests. */
export const BROWSER_STORAGE = new InjectionToken<Storage>('BROWSER_STORAGE', {
  providedIn: 'root',
  factory: () => sessionStorage,
});
