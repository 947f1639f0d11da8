import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { PresetView } from '@ibsc/shared-dto';
import { PresetsApiService } from './presets-api.service';

const PRESET: PresetView = {
  id: 'p1',
  name: 'High POP',
  description: null,
  filters: { pop: { min: 0.7 } },
  ownerId: 'u1',
  owner: 'alice',
  shared: false,
  editable: true,
  createdAt: '2026-11-21T00:00:00.000Z',
  updatedAt: '2026-11-21T00:00:00.000Z',
};

describe('PresetsApiService', () => {
  let api: PresetsApiService;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(PresetsApiService);
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  it('lists presets', () => {
    let result: PresetView[] = [];
    api.list().subscribe((r) => (result = r));
    const req = http.expectOne('/api/v1/presets');
    expect(req.request.method).toBe('GET');
    req.flush([PRESET]);
    expect(result).toEqual([PRESET]);
  });

  it('creates, updates and deletes by id', () => {
    api.create({ name: 'High POP', filters: {} }).subscribe();
    const create = http.expectOne('/api/v1/presets');
    expect(create.request.method).toBe('POST');
    expect(create.request.body).toEqual({ name: 'High POP', filters: {} });
    create.flush(PRESET);

    api.update('p 1', { name: 'Renamed' }).subscribe();
    const update = http.expectOne('/api/v1/presets/p%201');
    expect(update.request.method).toBe('PUT');
    expect(update.request.body).toEqual({ name: 'Renamed' });
    update.flush(PRESET);

    api.remove('p1').subscribe();
    const remove = http.expectOne('/api/v1/presets/p1');
    expect(remove.request.method).toBe('DELETE');
    remove.flush(null, { status: 204, statusText: 'No Content' });
  });

  it('exports and imports, sending only what the import accepts', () => {
    api.exportAll().subscribe();
    expect(http.expectOne('/api/v1/presets/export').request.method).toBe('GET');

    api
      .import(
        [
          { name: 'a', description: null, filters: { dte: { max: 45 } } },
          { name: 'b', description: 'wide', filters: {} },
        ],
        'skip',
      )
      .subscribe();
    const req = http.expectOne('/api/v1/presets/import');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({
      mode: 'skip',
      presets: [
        { name: 'a', filters: { dte: { max: 45 } } },
        { name: 'b', description: 'wide', filters: {} },
      ],
    });
    req.flush({ created: 2, updated: 0, skipped: 0 });
  });
});
