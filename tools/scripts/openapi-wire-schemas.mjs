#!/usr/bin/env node
// Generates the OpenAPI (3.0) schemas of the wire types from libs/shared-dto (the one contract: plain TypeScript
// interfaces) into apps/api/src/app/openapi/wire-schemas.json, which the API merges into /api/docs-json.
// `--check` fails when the checked-in file is out of date (run by apps/api/src/app/openapi/wire-schemas.spec.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { createGenerator } from 'ts-json-schema-generator';

const OUT = 'apps/api/src/app/openapi/wire-schemas.json';

/** JSON Schema (draft 7, as generated) → OpenAPI 3.0 schema objects: const → enum, null in a type → nullable. */
function toOas30(node) {
  if (Array.isArray(node)) return node.map(toOas30);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref') out.$ref = v.replace('#/definitions/', '#/components/schemas/');
    else if (k === 'const') out.enum = [v];
    else out[k] = toOas30(v);
  }
  if (Array.isArray(out.type)) {
    const types = out.type.filter((t) => t !== 'null');
    if (types.length < out.type.length) out.nullable = true;
    if (types.length === 1) out.type = types[0];
    else {
      delete out.type;
      out.anyOf = types.map((t) => (out.nullable ? { type: t, nullable: true } : { type: t }));
      delete out.nullable;
    }
  }
  for (const key of ['anyOf', 'oneOf']) {
    if (!Array.isArray(out[key])) continue;
    const nonNull = out[key].filter((s) => !(s && s.type === 'null'));
    if (nonNull.length < out[key].length) {
      out.nullable = true;
      if (nonNull.length === 1 && !nonNull[0].$ref) { Object.assign(out, nonNull[0]); delete out[key]; }
      else if (nonNull.length === 1) { out.allOf = nonNull; delete out[key]; }
      else { out[key] = nonNull.map((s) => ({ ...s, nullable: true })); out.nullable = undefined; }
    }
  }
  if (out.nullable === undefined) delete out.nullable;
  // OpenAPI 3.0.3: a nullable enum lists null among its values.
  if (Array.isArray(out.enum) && out.enum.includes(null)) out.nullable = true;
  return out;
}

/** The response bodies the API declares (ApiContract `ok`) and the error body; their dependencies come along. */
export const ROOT_TYPES = [
  'ApiErrorBody', 'ApiKeyView', 'AuditVerificationView', 'CreatedApiKey', 'CurrentUserView', 'KillSwitchView', 'LivenessView', 'LockedAccountView', 'LoginResponse', 'OrderView',
  'PlaceOrderResult', 'PositionsView', 'PresetExport', 'PresetImportResult', 'PresetView', 'PreviewCount', 'PreviewView',
  'ReconnectResult', 'RiskView', 'ScanFilters', 'ScanResultsPage', 'ScanStatus', 'SimulatorFaultResult', 'SystemStatus',
  'TradeView', 'UserView',
  // Request bodies: the fallback when the swagger plugin did not describe the class (Jest runs without it).
  'PreviewOrderDto', 'KillSwitchDto', 'LoginDto',
];

export function generateWireSchemas() {
  const generator = createGenerator({
    path: 'libs/shared-dto/src/index.ts',
    tsconfig: 'libs/shared-dto/tsconfig.lib.json',
    expose: 'export',
    topRef: true,
    jsDoc: 'basic',
    skipTypeCheck: true,
    additionalProperties: true,
  });
  const all = {};
  for (const type of ROOT_TYPES) Object.assign(all, generator.createSchema(type).definitions ?? {});
  const defs = Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, toOas30(v)]));
  // OpenAPI 3.0 wants a `type` beside `nullable`: a nullable reference takes the type of what it references.
  const typeOf = (ref) => defs[ref.replace('#/components/schemas/', '')]?.type;
  const fill = (node) => {
    if (Array.isArray(node)) return node.forEach(fill);
    if (node === null || typeof node !== 'object') return;
    if (node.nullable && !node.type && Array.isArray(node.allOf) && node.allOf[0]?.$ref) {
      // A nullable reference: the referenced schema, or null (allOf + nullable would still refuse null).
      const ref = node.allOf[0].$ref;
      delete node.allOf;
      delete node.nullable;
      node.anyOf = [{ $ref: ref }, { type: typeOf(ref) ?? 'object', nullable: true, enum: [null] }];
    }
    Object.values(node).forEach(fill);
  };
  fill(defs);
  return JSON.stringify(defs, null, 2) + '\n';
}

const run = process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop());
if (run) {
  const text = generateWireSchemas();
  if (process.argv.includes('--check')) {
    if (readFileSync(OUT, 'utf8') !== text) {
      console.error(`${OUT} is out of date: run npm run openapi:schemas`);
      process.exit(1);
    }
    console.log(`${OUT} is up to date`);
  } else {
    writeFileSync(OUT, text);
    console.log(`wrote ${OUT}`);
  }
}
