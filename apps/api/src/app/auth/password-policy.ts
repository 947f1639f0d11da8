/**
 * The password policy (ADR 0008): at least 12 characters, not only spaces, at least 5 different characters, not the
 * user name, and not one of the most common passwords (a small embedded list: nothing is downloaded). One function
 * for the API (create user, change password) and the start-up check of ADMIN_PASSWORD.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
const MIN_DISTINCT = 5;

/** The most frequent passwords of public breach corpora that a 12-character rule alone would still allow. */
const COMMON = new Set([
  '123456789012', '1234567890123', '12345678901234', '123456123456', '123123123123', '111111111111', '000000000000',
  '123456654321', '1q2w3e4r5t6y', '1qaz2wsx3edc', 'qwertyuiopas', 'qwertyuiop123', 'qwerty123456', 'qwertyqwerty',
  'asdfghjkl123', 'zxcvbnm12345', 'password1234', 'password12345', 'password123!', 'passwordpassword', 'password1!',
  'p@ssw0rd1234', 'p@ssword1234', 'passw0rd1234', 'iloveyou1234', 'letmein12345', 'welcome12345', 'welcome123!',
  'administrator', 'admin1234567', 'adminadmin123', 'changeme1234', 'changeme123!', 'trustno11234', 'football1234',
  'baseball1234', 'superman1234', 'sunshine1234', 'princess1234', 'starwars1234', 'monkey123456', 'dragon123456',
  'master123456', 'shadow123456', 'michael12345', 'jennifer1234', 'abcdefghijkl', 'abcd1234abcd', 'abc123abc123',
  'aaaaaaaaaaaa', 'correcthorsebatterystaple', 'correct horse battery staple', 'thequickbrownfox', 'secretpassword',
  'mypassword123', 'mysecurepassword', 'securepassword', 'strongpassword', 'interactivebrokers', 'tradingpassword',
]);

/** Problems with a password, as sentences naming the field; empty when it passes. */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    problems.push(`password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`);
  }
  if (password.trim() === '') problems.push('password must not be only spaces');
  else if (new Set(password).size < MIN_DISTINCT) problems.push(`password must use at least ${MIN_DISTINCT} different characters`);
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || COMMON.has(lower.trim())) problems.push('password is one of the most common passwords');
  if (username && lower.includes(username.toLowerCase()) && username.length >= 3 && lower.replace(username.toLowerCase(), '').length < 6) {
    problems.push('password must not be the user name');
  }
  return problems;
}
