#!/usr/bin/env node
// `npm run sim`: builds the standalone simulated IB Gateway (apps/ib-sim → dist/apps/ib-sim/main.js, cached by Nx)
// and runs it. Settings: SIM_HOST, SIM_PORT (4002), SIM_CONTROL_HOST (= SIM_HOST), SIM_CONTROL_PORT (4003 or "off"),
// SIM_SEED, SIM_ACCOUNT, SIM_MARKET_DATA_LINES, SIM_MAX_MSG_PER_SEC, SIM_LOG (quiet|info|debug). See docs/simulator.md.
// SIGINT / SIGTERM are passed on; the exit code is the simulator's (0 after a clean stop, 2 for a bad setting).
import { spawn } from 'node:child_process';
import { checkNode, root } from './node-check.mjs';
import { buildSimulator } from './sim-build.mjs';

checkNode();
const main = buildSimulator();
const child = spawn(process.execPath, ['--enable-source-maps', main], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
