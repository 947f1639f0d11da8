import { passwordProblems } from './password-policy';

describe('password policy', () => {
  it('accepts a long, varied password', () => {
    expect(passwordProblems('violet-canyon-47-orbit')).toEqual([]);
    expect(passwordProblems('admin-password-for-tests', 'admin')).toEqual([]);
  });

  it.each([
    ['aaaaaaaaaa', /12 to 256 characters/],
    ['          ', /only spaces/],
    ['            ', /only spaces/],
    ['aaaaaaaaaaaaaaaa', /5 different characters/],
    ['abababababababab', /5 different characters/],
    ['Password1234', /most common/],
    ['qwerty123456', /most common/],
    ['x'.repeat(257), /12 to 256/],
  ])('refuses %j', (pw, problem) => {
    expect(passwordProblems(pw).join('; ')).toMatch(problem);
  });

  it('refuses the user name with a short decoration', () => {
    expect(passwordProblems('traderjoe123', 'traderjoe')).toContain('password must not be the user name');
    expect(passwordProblems('traderjoe-but-much-longer', 'traderjoe')).toEqual([]);
  });
});
