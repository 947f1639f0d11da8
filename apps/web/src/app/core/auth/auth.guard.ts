import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { AuthService } from './auth.service';

/** Lets a signed-in user through; anyone else goes to /login and comes back afterwards. */
export const authGuard: CanActivateFn = (_route, state) => {
  if (inject(AuthService).hasValidSession()) return true;
  return inject(Router).createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** The login page is pointless when already signed in. */
export const guestGuard: CanActivateFn = () =>
  inject(AuthService).hasValidSession() ? inject(Router).createUrlTree(['/scanner']) : true;
