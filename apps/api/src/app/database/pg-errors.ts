/** PostgreSQL SQLSTATE 23505: a unique index refused the row. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: unknown; driverError?: { code?: unknown } } | null;
  return err?.code === '23505' || err?.driverError?.code === '23505';
}
