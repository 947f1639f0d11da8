#!/usr/bin/env node
// `npm run sim`: the simulated IB Gateway (libs/ib-sim/src/main.ts), TypeScript run through @swc-node/register.
// Settings: SIM_HOST, SIM_PORT (4002), SIM_CONTROL_PORT (4003 or "off"), SIM_SEED, SIM_ACCOUNT,
// SIM_MARKET_DATA_LINES, SIM_MAX_MSG_PER_SEC, SIM_LOG (quiet|info|debug). See docs/simulator.md.
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const child = spawn(process.execPath, ['-r', '@swc-node/register', 'libs/ib-sim/src/main.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SWC_NODE_PROJECT: process.env.SWC_NODE_PROJECT ?? 'libs/ib-sim/tsconfig.lib.json' },
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
