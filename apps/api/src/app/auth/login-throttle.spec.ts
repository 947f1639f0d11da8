import { LoginThrottle } from './login-throttle';

const LIMITS = { backoffAfter: 3, lockoutAfter: 6, lockoutSec: 900, addressMaxFailures: 10, maxConcurrent: 4 };

describe('LoginThrottle', () => {
  let t: number;
  let throttle: LoginThrottle;
  beforeEach(() => {
    t = Date.parse('2026-12-04T15:00:00Z');
    throttle = new LoginThrottle(LIMITS, () => new Date(t));
  });
  const failTimes = (n: number, user = 'alice', ip = '10.0.0.1') => {
    for (let i = 0; i < n; i++) throttle.fail(user, ip);
  };

  it('lets the first failures through, then backs off exponentially', () => {
    failTimes(2);
    expect(throttle.check('alice', '10.0.0.1')).toBeNull();
    throttle.fail('alice', '10.0.0.1');
    expect(throttle.check('alice', '10.0.0.1')).toEqual({ reason: 'backoff', retryAfterSec: 1 });
    t += 1000;
    expect(throttle.check('alice', '10.0.0.1')).toBeNull();
    throttle.fail('alice', '10.0.0.1');
    expect(throttle.check('ALICE', '10.0.0.2')).toEqual({ reason: 'backoff', retryAfterSec: 2 });
    t += 2000;
    throttle.fail('alice', '10.0.0.1');
    expect(throttle.check('alice', '10.0.0.1')).toEqual({ reason: 'backoff', retryAfterSec: 4 });
  });

  it('locks the account after lockoutAfter failures until an admin clears it or the lock expires', () => {
    failTimes(5);
    expect(throttle.fail('alice', '10.0.0.1')).toBe(true);
    expect(throttle.check('alice', '10.0.0.9')).toEqual({ reason: 'locked', retryAfterSec: 900 });
    expect(throttle.locked()).toEqual([{ username: 'alice', failures: 6, lockedUntil: new Date(t + 900_000).toISOString() }]);
    t += 600_000;
    expect(throttle.check('alice', '10.0.0.9')).toEqual({ reason: 'locked', retryAfterSec: 300 });
    expect(throttle.clear('Alice')).toBe(true);
    expect(throttle.check('alice', '10.0.0.9')).toBeNull();
    expect(throttle.locked()).toEqual([]);
  });

  it('forgets an account a lockout period after its last failure', () => {
    failTimes(5);
    t += 901_000;
    expect(throttle.check('alice', '10.0.0.1')).toBeNull();
    expect(throttle.fail('alice', '10.0.0.1')).toBe(false);
  });

  it('refuses an address that failed too often, whatever the account, until its window passes', () => {
    for (let i = 0; i < 10; i++) throttle.fail(`user${i}`, '10.0.0.66');
    expect(throttle.check('someone-else', '10.0.0.66')).toEqual({ reason: 'address', retryAfterSec: 900 });
    expect(throttle.check('someone-else', '10.0.0.67')).toBeNull();
    throttle.succeed('user1');
    expect(throttle.check('user1', '10.0.0.66')?.reason).toBe('address');
    t += 900_000;
    expect(throttle.check('someone-else', '10.0.0.66')).toBeNull();
  });

  it('a success clears its account', () => {
    failTimes(3);
    throttle.succeed('alice');
    expect(throttle.check('alice', '10.0.0.1')).toBeNull();
  });
});
