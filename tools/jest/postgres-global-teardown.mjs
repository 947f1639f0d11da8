import { rmSync } from 'node:fs';

export default async function teardown() {
  const state = globalThis.__IBSC_EMBEDDED_PG__;
  if (!state) return;
  await state.pg.stop();
  rmSync(state.dir, { recursive: true, force: true });
  delete process.env.DATABASE_URL;
}
