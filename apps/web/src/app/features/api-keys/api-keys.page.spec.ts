import { TestBed } from '@angular/core/testing';
import type { ApiKeyView, CreatedApiKey } from '@ibsc/shared-dto';
import { seedSession, TEST_USER } from '../../testing/session';
import { signedIn } from '../../testing/signed-in';
import { API_KEYS_URL, USERS_URL } from './api-keys-api.service';
import { ApiKeysPage } from './api-keys.page';

const KEY: ApiKeyView = {
  id: '0123456789abcdef',
  name: 'journal sync',
  prefix: 'ibsc_0123456789abcdef_…',
  scopes: ['read'],
  userId: 'u1',
  username: 'alice',
  state: 'active',
  createdAt: '2026-12-01T10:00:00.000Z',
  createdBy: 'alice',
  expiresAt: null,
  revokedAt: null,
  revokedBy: null,
  lastUsedAt: null,
};

describe('ApiKeysPage', () => {
  async function render(role: 'admin' | 'trader' = 'admin') {
    const t = signedIn();
    seedSession('jwt-token', { ...TEST_USER, role });
    const fixture = TestBed.createComponent(ApiKeysPage);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const button = (text: string) => Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.trim() === text) as HTMLButtonElement;
    return { t, fixture, el, button };
  }

  it('tells a non-admin that only admins manage keys, and asks the API nothing', async () => {
    const { t, el } = await render('trader');
    expect(el.textContent).toContain('Only admins manage API keys.');
    t.http().verify();
  });

  it('lists keys without any secret, creates one and shows it once with a copy button, then revokes', async () => {
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { t, fixture, el, button } = await render();
    t.http().expectOne(USERS_URL).flush([{ id: 'u2', username: 'bot', role: 'trader', disabled: false, createdAt: '2026-12-01T00:00:00.000Z' }]);
    t.http().expectOne(API_KEYS_URL).flush([KEY]);
    await fixture.whenStable();
    const row = el.querySelector('tr[data-key-id="0123456789abcdef"]')!;
    expect(row.textContent).toContain('journal sync');
    expect(row.textContent).toContain('ibsc_0123456789abcdef_…');
    expect(row.textContent).toContain('active');
    expect(Array.from(el.querySelectorAll('select option')).map((o) => o.textContent?.trim())).toEqual(['me (alice)', 'bot (trader)']);

    const name = el.querySelector('input[name="name"]') as HTMLInputElement;
    name.value = 'quant notebook';
    name.dispatchEvent(new Event('input'));
    const trade = Array.from(el.querySelectorAll('fieldset label')).find((l) => l.textContent?.trim() === 'trade')!.querySelector('input') as HTMLInputElement;
    trade.click();
    const select = el.querySelector('select') as HTMLSelectElement;
    select.value = 'u2';
    select.dispatchEvent(new Event('change'));
    const expires = el.querySelector('input[name="expires"]') as HTMLInputElement;
    expires.value = '2027-06-30';
    expires.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    button('Create key').click();
    const post = t.http().expectOne((r) => r.method === 'POST' && r.url === API_KEYS_URL);
    expect(post.request.body).toEqual({ name: 'quant notebook', scopes: ['read', 'trade'], userId: 'u2', expiresAt: '2027-06-30T00:00:00Z' });
    const secret = 'ibsc_fedcba9876543210_' + 'S'.repeat(43);
    const created: CreatedApiKey = { ...KEY, id: 'fedcba9876543210', name: 'quant notebook', scopes: ['read', 'trade'], username: 'bot', prefix: 'ibsc_fedcba9876543210_…', key: secret };
    post.flush(created);
    const { key: _secret, ...listed } = created;
    t.http().expectOne((r) => r.method === 'GET' && r.url === API_KEYS_URL).flush([listed, KEY]);
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="key-text"]')?.textContent).toBe(secret);
    button('Copy').click();
    await fixture.whenStable();
    expect(writeText).toHaveBeenCalledWith(secret);
    expect(button('Copied')).toBeDefined();
    button('Done').click();
    await fixture.whenStable();
    expect(el.textContent).not.toContain(secret);
    expect(el.querySelector('tr[data-key-id="fedcba9876543210"]')?.textContent).toContain('bot');

    (el.querySelector('tr[data-key-id="0123456789abcdef"] button') as HTMLButtonElement).click();
    const del = t.http().expectOne(`${API_KEYS_URL}/0123456789abcdef`);
    expect(del.request.method).toBe('DELETE');
    del.flush({ ...KEY, state: 'revoked', revokedAt: '2026-12-04T10:00:00.000Z', revokedBy: 'alice' });
    await fixture.whenStable();
    const revoked = el.querySelector('tr[data-key-id="0123456789abcdef"]')!;
    expect(revoked.textContent).toContain('revoked');
    expect(revoked.querySelector('button')).toBeNull();
    t.http().verify();
  });

  it('shows the API refusal when a key cannot be created', async () => {
    const { t, fixture, el, button } = await render();
    t.http().expectOne(USERS_URL).flush([]);
    t.http().expectOne(API_KEYS_URL).flush([]);
    await fixture.whenStable();
    expect(el.textContent).toContain('No API keys yet.');
    const name = el.querySelector('input[name="name"]') as HTMLInputElement;
    name.value = 'x';
    name.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    button('Create key').click();
    t.http()
      .expectOne((r) => r.method === 'POST')
      .flush({ statusCode: 422, error: 'Unprocessable Entity', message: 'scope admin exceeds the role of bot (trader)', code: 'SCOPE_EXCEEDS_ROLE' }, { status: 422, statusText: 'Unprocessable Entity' });
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="created-key"]')).toBeNull();
    expect(document.body.textContent ?? '').not.toContain('ibsc_');
  });
});
