// npm run asyncapi:schemas [-- --check]
// Writes the JSON Schemas of every Socket.IO payload (apps/api/src/app/realtime/asyncapi/socket-payload-schemas.json)
// from the TypeScript event map, with ts-json-schema-generator. `--check` writes nothing and exits 1 when the file
// differs from what the types give (the API's tests run it: a changed event type fails until the file is regenerated).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { createGenerator } = createRequire(import.meta.url)('ts-json-schema-generator');
const source = join(root, 'apps/api/src/app/realtime/asyncapi/socket-payloads.ts');
const target = join(root, 'apps/api/src/app/realtime/asyncapi/socket-payload-schemas.json');

const generator = createGenerator({
  path: source,
  tsconfig: join(root, 'tools/asyncapi/tsconfig.schemas.json'),
  type: 'SocketPayloads',
  expose: 'export',
  topRef: true,
  jsDoc: 'extended',
  skipTypeCheck: true, // the API's own typecheck covers these files
  additionalProperties: false,
});
const schema = generator.createSchema('SocketPayloads');
const text = JSON.stringify(schema, null, 2) + '\n';

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing: differs
  }
  if (current !== text) {
    process.stderr.write(`${target} is out of date with the Socket.IO event types: run npm run asyncapi:schemas\n`);
    process.exit(1);
  }
  process.stdout.write(`socket payload schemas up to date (${Object.keys(schema.definitions).length} definitions)\n`);
} else {
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target} (${Object.keys(schema.definitions).length} definitions)\n`);
}
