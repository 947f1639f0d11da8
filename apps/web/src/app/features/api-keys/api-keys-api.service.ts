import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { API_PREFIX, type ApiKeyView, type CreateApiKeyRequest, type CreatedApiKey, type UserView } from '@ibsc/shared-dto';
import type { Observable } from 'rxjs';

export const API_KEYS_URL = `${API_PREFIX}/api-keys`;
export const USERS_URL = `${API_PREFIX}/users`;

/** `/api/v1/api-keys` (admin): list, create (the key comes back once), revoke; and the users a key may act as. */
@Injectable({ providedIn: 'root' })
export class ApiKeysApiService {
  private readonly http = inject(HttpClient);

  list(): Observable<ApiKeyView[]> {
    return this.http.get<ApiKeyView[]>(API_KEYS_URL);
  }

  create(request: CreateApiKeyRequest): Observable<CreatedApiKey> {
    return this.http.post<CreatedApiKey>(API_KEYS_URL, request);
  }

  revoke(id: string): Observable<ApiKeyView> {
    return this.http.delete<ApiKeyView>(`${API_KEYS_URL}/${encodeURIComponent(id)}`);
  }

  users(): Observable<UserView[]> {
    return this.http.get<UserView[]>(USERS_URL);
  }
}
