import { scopesAllowRole } from './api-key-scopes';

describe('API key scopes', () => {
  it('a scope reaches the routes of its role and those below', () => {
    expect(scopesAllowRole(['read'], 'viewer')).toBe(true);
    expect(scopesAllowRole(['read'], 'trader')).toBe(false);
    expect(scopesAllowRole(['trade'], 'viewer')).toBe(true);
    expect(scopesAllowRole(['trade'], 'trader')).toBe(true);
    expect(scopesAllowRole(['trade'], 'admin')).toBe(false);
    expect(scopesAllowRole(['read', 'admin'], 'admin')).toBe(true);
  });

  it('a user may hold only scopes up to their role', () => {
    expect(scopesAllowRole(['read', 'trade'], 'trader', 'owner')).toBe(true);
    expect(scopesAllowRole(['admin'], 'trader', 'owner')).toBe(false);
    expect(scopesAllowRole(['trade'], 'viewer', 'owner')).toBe(false);
    expect(scopesAllowRole(['read', 'trade', 'admin'], 'admin', 'owner')).toBe(true);
  });
});
