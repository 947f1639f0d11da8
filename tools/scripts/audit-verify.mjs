// `npm run audit:verify`: verifies the audit log's hash chain (ADR 0013) of the database the API is configured for
// (DATABASE_MIGRATION_URL, DATABASE_URL, or the embedded server `npm start` runs). Reads `.env` like the API.
// Exit 0: intact; 1: broken (the first broken row is named); 2: cannot verify.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { checkNode, root } from './node-check.mjs';

checkNode();
if (existsSync('.env')) process.loadEnvFile('.env');
process.env.SWC_NODE_PROJECT = join(root, 'tsconfig.base.json');
const require = createRequire(import.meta.url);
require('@swc-node/register');
const { runAuditVerify } = require(join(root, 'apps/api/src/app/audit/audit-verify.cli.ts'));
process.exitCode = await runAuditVerify(process.env, (line) => process.stdout.write(line + '\n'));
