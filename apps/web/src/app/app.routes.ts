import type { Routes } from '@angular/router';
import { authGuard, guestGuard } from './core/auth/auth.guard';
import { ShellComponent } from './layout/shell.component';

export const appRoutes: Routes = [
  {
    path: 'login',
    title: 'Sign in · IB Spread Console',
    canActivate: [guestGuard],
    loadComponent: () => import('./features/login/login.page').then((m) => m.LoginPage),
  },
  {
    // Performance harness for the results grid (synthetic data, no API, no sign-in): npm run bench:grid.
    path: 'bench/grid',
    title: 'Grid benchmark · IB Spread Console',
    loadComponent: () => import('./features/bench/grid-bench.page').then((m) => m.GridBenchPage),
  },
  {
    path: '',
    component: ShellComponent,
    canActivate: [authGuard],
    canActivateChild: [authGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'scanner' },
      {
        path: 'scanner',
        title: 'Scanner · IB Spread Console',
        loadComponent: () => import('./features/scanner/scanner.page').then((m) => m.ScannerPage),
      },
      {
        path: 'orders',
        title: 'Orders · IB Spread Console',
        loadComponent: () => import('./features/orders/orders.page').then((m) => m.OrdersPage),
      },
      {
        path: 'positions',
        title: 'Positions · IB Spread Console',
        loadComponent: () => import('./features/positions/positions.page').then((m) => m.PositionsPage),
      },
      {
        path: 'history',
        title: 'History · IB Spread Console',
        loadComponent: () => import('./features/history/history.page').then((m) => m.HistoryPage),
      },
      {
        path: 'api-keys',
        title: 'API keys · IB Spread Console',
        loadComponent: () => import('./features/api-keys/api-keys.page').then((m) => m.ApiKeysPage),
      },
      {
        path: 'system',
        title: 'System · IB Spread Console',
        loadComponent: () => import('./features/system/system.page').then((m) => m.SystemPage),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
