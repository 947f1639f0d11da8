import { Injectable, signal } from '@angular/core';

export type ToastKind = 'info' | 'success' | 'warning' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  message: string;
}

/** How long a toast stays, by kind; errors stay until dismissed. */
export const TOAST_DURATION_MS: Record<ToastKind, number | null> = {
  info: 5000,
  success: 6000,
  warning: 10_000,
  error: null,
};

/** At most this many toasts at once; the oldest goes first. */
export const MAX_TOASTS = 5;

/** Short-lived notices (fills, rejections, kill switch, saved presets…), shown by the toast host. */
@Injectable({ providedIn: 'root' })
export class ToastService {
  private nextId = 1;
  private readonly toastsState = signal<Toast[]>([]);
  readonly toasts = this.toastsState.asReadonly();

  show(kind: ToastKind, title: string, message = '', durationMs: number | null = TOAST_DURATION_MS[kind]): number {
    const id = this.nextId++;
    this.toastsState.update((list) => [...list, { id, kind, title, message }].slice(-MAX_TOASTS));
    if (durationMs !== null) setTimeout(() => this.dismiss(id), durationMs);
    return id;
  }

  info(title: string, message = ''): number {
    return this.show('info', title, message);
  }
  success(title: string, message = ''): number {
    return this.show('success', title, message);
  }
  warning(title: string, message = ''): number {
    return this.show('warning', title, message);
  }
  error(title: string, message = ''): number {
    return this.show('error', title, message);
  }

  dismiss(id: number): void {
    this.toastsState.update((list) => list.filter((t) => t.id !== id));
  }
}
