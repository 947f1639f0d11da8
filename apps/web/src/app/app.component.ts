import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { ThemeService } from './core/theme/theme.service';
import { ToastHostComponent } from './core/toast/toast-host.component';
import { OrdersLiveService } from './features/orders/orders-live.service';
import { CheatSheetComponent } from './layout/cheat-sheet.component';
import { StatusBarComponent } from './layout/status-bar.component';

/** Root: the routed page above, the status bar below, on every page. */
@Component({
  selector: 'ibsc-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, StatusBarComponent, ToastHostComponent, CheatSheetComponent],
  template: `
    <div class="app__page"><router-outlet /></div>
    <ibsc-status-bar />
    <ibsc-toast-host />
    <ibsc-cheat-sheet />
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      height: 100vh;
    }
    .app__page {
      flex: 1;
      min-height: 0;
      overflow: auto;
    }
  `,
})
export class AppComponent {
  constructor() {
    inject(ThemeService); // applies the saved theme before first paint
    inject(OrdersLiveService); // order updates and their toasts, on every page
  }
}
