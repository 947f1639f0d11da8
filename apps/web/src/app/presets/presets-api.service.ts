import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import {
  API_PREFIX,
  type CreatePresetDto,
  type PresetExport,
  type PresetImportMode,
  type PresetImportResult,
  type PresetView,
  type UpdatePresetDto,
} from '@ibsc/shared-dto';
import type { Observable } from 'rxjs';

export const PRESETS_URL = `${API_PREFIX}/presets`;

/** Filter presets: list, create, update, delete, export and import (`/api/v1/presets`). */
@Injectable({ providedIn: 'root' })
export class PresetsApiService {
  private readonly http = inject(HttpClient);

  list(): Observable<PresetView[]> {
    return this.http.get<PresetView[]>(PRESETS_URL);
  }

  get(id: string): Observable<PresetView> {
    return this.http.get<PresetView>(`${PRESETS_URL}/${encodeURIComponent(id)}`);
  }

  create(preset: CreatePresetDto): Observable<PresetView> {
    return this.http.post<PresetView>(PRESETS_URL, preset);
  }

  update(id: string, changes: UpdatePresetDto): Observable<PresetView> {
    return this.http.put<PresetView>(`${PRESETS_URL}/${encodeURIComponent(id)}`, changes);
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(`${PRESETS_URL}/${encodeURIComponent(id)}`);
  }

  exportAll(): Observable<PresetExport> {
    return this.http.get<PresetExport>(`${PRESETS_URL}/export`);
  }

  /** Imports an export file's presets; `mode` decides what happens to names that exist (server default: fail). */
  import(presets: PresetExport['presets'], mode?: PresetImportMode): Observable<PresetImportResult> {
    const body = {
      ...(mode ? { mode } : {}),
      presets: presets.map((p) => ({
        name: p.name,
        ...(p.description != null ? { description: p.description } : {}),
        filters: p.filters,
      })),
    };
    return this.http.post<PresetImportResult>(`${PRESETS_URL}/import`, body);
  }
}
