import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { OrderStatusName } from '@ibsc/shared-dto';

const KIND: Record<OrderStatusName, 'ok' | 'info' | 'warning' | 'danger' | ''> = {
  created: '',
  pending_submit: 'info',
  submitted: 'info',
  partially_filled: 'warning',
  filled: 'ok',
  cancelled: '',
  rejected: 'danger',
  inactive: 'danger',
  unknown: 'warning',
};

/** An order status as a coloured badge ("partially filled"). */
@Component({
  selector: 'ibsc-order-status-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="badge" [class]="'badge badge--' + kind()" data-testid="order-status">{{ label() }}</span>`,
})
export class OrderStatusBadgeComponent {
  readonly status = input.required<OrderStatusName>();
  protected readonly kind = computed(() => KIND[this.status()]);
  protected readonly label = computed(() => this.status().replace(/_/g, ' '));
}
