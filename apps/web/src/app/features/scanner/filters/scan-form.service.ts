import { HttpErrorResponse } from '@angular/common/http';
import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { toObservable } from '@angular/core/rxjs-interop';
import type { ApiErrorBody } from '@ibsc/shared-dto';
import { catchError, debounceTime, map, of, startWith, switchMap } from 'rxjs';
import { apiErrorMessage } from '../../../core/api/api-error';
import { ScanApiService } from '../scan-api.service';
import type { RangeKey } from './filter-defs';
import { defaultScanForm, fieldErrors, fromPresetFilters, localProblems, type RangeState, type ScanFormState, toScanRequest } from './scan-form';

export const SCAN_FORM_STORAGE_KEY = 'ibsc.scanForm';
/** Wait this long after the last edit before asking the API for a match count. */
export const MATCH_COUNT_DEBOUNCE_MS = 400;

export type MatchCount =
  | { state: 'loading' }
  | { state: 'ready'; count: number }
  | { state: 'unavailable'; message: string }
  | { state: 'invalid' };

function restore(): ScanFormState | null {
  try {
    const raw = localStorage.getItem(SCAN_FORM_STORAGE_KEY);
    return raw ? fromPresetFilters(JSON.parse(raw) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The filter panel's state, kept across page changes and visits (localStorage), with the API's validation
 * messages per field and a live match count (`POST /scan/preview-count`, debounced).
 */
@Injectable({ providedIn: 'root' })
export class ScanFormService {
  private readonly api = inject(ScanApiService);

  readonly state = signal<ScanFormState>(restore() ?? defaultScanForm());
  /** The preset last loaded or saved, while the form still matches what was loaded. */
  readonly presetId = signal<string | null>(null);
  private readonly serverErrors = signal<Record<string, string[]>>({});
  readonly request = computed(() => toScanRequest(this.state(), this.presetId() ?? undefined));
  private readonly local = computed(() => localProblems(this.state()));
  /** Per field (RangeKey, "symbols", "widths"…; "" for messages without a field): local checks, then the API's. */
  readonly errors = computed(() => {
    const out: Record<string, string[]> = { ...this.serverErrors() };
    for (const [key, problems] of Object.entries(this.local())) out[key] = [...problems, ...(out[key] ?? [])];
    return out;
  });
  readonly valid = computed(() => Object.keys(this.local()).length === 0);

  readonly matchCount = signal<MatchCount>({ state: 'loading' });

  constructor() {
    const sub = toObservable(this.request)
      .pipe(
        debounceTime(MATCH_COUNT_DEBOUNCE_MS),
        switchMap((request) => {
          if (!this.valid()) return of<MatchCount>({ state: 'invalid' });
          return this.api.previewCount(request).pipe(
            map((count): MatchCount => (count === null ? { state: 'unavailable', message: 'no count in reply' } : { state: 'ready', count })),
            catchError((error: unknown) => {
              if (error instanceof HttpErrorResponse && error.status === 400) this.setApiError(error.error as ApiErrorBody);
              const message =
                error instanceof HttpErrorResponse && error.status === 404 ? 'the scanner API is not available' : apiErrorMessage(error);
              return of<MatchCount>({ state: 'unavailable', message });
            }),
            startWith<MatchCount>({ state: 'loading' }),
          );
        }),
      )
      .subscribe((count) => this.matchCount.set(count));
    inject(DestroyRef).onDestroy(() => sub.unsubscribe());
  }

  update(change: (state: ScanFormState) => ScanFormState): void {
    const next = change(this.state());
    this.state.set(next);
    this.serverErrors.set({});
    try {
      localStorage.setItem(SCAN_FORM_STORAGE_KEY, JSON.stringify(toScanRequest(next)));
    } catch {
      // storage may be full or disabled
    }
  }

  setRange(key: RangeKey, value: RangeState): void {
    this.update((s) => ({ ...s, ranges: { ...s.ranges, [key]: value } }));
  }

  reset(): void {
    this.update(() => defaultScanForm());
    this.presetId.set(null);
  }

  load(state: ScanFormState, presetId: string | null): void {
    this.update(() => state);
    this.presetId.set(presetId);
  }

  /** Shows the API's refusal next to the fields it names. */
  setApiError(body: ApiErrorBody | null): void {
    this.serverErrors.set(fieldErrors(body));
  }
}
