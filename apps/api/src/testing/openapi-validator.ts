import Ajv, { type ValidateFunction } from 'ajv';

interface OpenApiDoc {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
  components: { schemas: Record<string, unknown> };
}

/**
 * Validates live answers against the success or error schema an operation declares in /api/docs-json (ajv; the
 * OpenAPI 3.0 `nullable` keyword is Ajv's own). Throws when the operation declares no JSON schema for the status.
 */
export function openApiValidator(doc: OpenApiDoc): (method: string, path: string, status: number, body: unknown) => string[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'openapi.json', components: doc.components });
  const cache = new Map<string, ValidateFunction>();
  return (method, path, status, body) => {
    const key = `${method} ${path} ${status}`;
    let validate = cache.get(key);
    if (!validate) {
      const schema = doc.paths[path]?.[method.toLowerCase()]?.responses?.[String(status)]?.content?.['application/json']?.schema;
      if (!schema) throw new Error(`${key}: no JSON schema declared`);
      const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/'));
      validate = ajv.compile(rebased);
      cache.set(key, validate);
    }
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${key}: ${e.instancePath || '/'} ${e.message ?? ''}`);
  };
}
