import type { TestApp } from '../support/test-app';

/** The parts of an OpenAPI 3.0 document these tests read. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  nullable?: boolean;
}

export interface MediaType {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, { summary?: string; value: unknown }>;
}

export interface Operation {
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; example?: unknown; schema?: Schema }[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, { description?: string; content?: Record<string, MediaType> }>;
}

export interface OpenApiDocument {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    securitySchemes: Record<string, { type: string; scheme?: string }>;
  };
}

export interface DocumentedOperation {
  /** `POST /users/{id}` */
  key: string;
  method: string;
  path: string;
  operation: Operation;
}

export async function fetchDocument(
  sut: TestApp,
): Promise<{ text: string; document: OpenApiDocument }> {
  const response = await sut.request('/docs-json');
  if (response.status !== 200) throw new Error(`/docs-json: ${response.status}`);
  const text = await response.text();
  return { text, document: JSON.parse(text) as OpenApiDocument };
}

export function operationsOf(document: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      key: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      operation,
    })),
  );
}

/** A `$ref` (only local ones occur) replaced by what it names. */
export function resolve(document: OpenApiDocument, schema: Schema): Schema {
  if (schema.$ref === undefined) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = document.components.schemas[name];
  if (target === undefined) throw new Error(`unresolved ${schema.$ref}`);
  return resolve(document, target);
}

/** The JSON schema an operation documents for a status, if it documents one. */
export function responseSchema(
  document: OpenApiDocument,
  key: string,
  status: number,
): Schema | undefined {
  const [method, path] = key.split(' ');
  const response = document.paths[path]?.[method.toLowerCase()]?.responses[String(status)];
  return response?.content?.['application/json']?.schema;
}

/**
 * Where `value` departs from `schema`: members the schema does not list, required members that
 * are missing, and values of another type. Empty when the value is what the schema describes.
 */
export function schemaProblems(
  document: OpenApiDocument,
  schema: Schema,
  value: unknown,
  at = '$',
): string[] {
  const resolved = resolve(document, schema);
  if (value === null) return resolved.nullable ? [] : [`${at}: null`];
  if (resolved.allOf)
    return resolved.allOf.flatMap((part) => schemaProblems(document, part, value, at));
  const variants = resolved.oneOf ?? resolved.anyOf;
  if (variants) {
    const fits = variants.some(
      (variant) => schemaProblems(document, variant, value, at).length === 0,
    );
    return fits ? [] : [`${at}: fits none of its ${variants.length} variants`];
  }
  if (Array.isArray(value)) {
    if (resolved.type !== 'array') return [`${at}: an array, documented as ${resolved.type}`];
    const items = resolved.items ?? {};
    return value.flatMap((item, index) => schemaProblems(document, items, item, `${at}[${index}]`));
  }
  if (typeof value === 'object') {
    const properties = resolved.properties ?? {};
    const record = value as Record<string, unknown>;
    const missing = (resolved.required ?? [])
      .filter((name) => !(name in record))
      .map((name) => `${at}.${name}: missing`);
    const members = Object.entries(record).flatMap(([name, member]) => {
      const property = properties[name];
      if (property !== undefined)
        return schemaProblems(document, property, member, `${at}.${name}`);
      return resolved.additionalProperties ? [] : [`${at}.${name}: not documented`];
    });
    return [...missing, ...members];
  }
  return primitiveFits(resolved.type, value)
    ? []
    : [`${at}: ${typeof value}, documented as ${resolved.type}`];
}

function primitiveFits(type: string | undefined, value: unknown): boolean {
  if (type === undefined) return true;
  if (type === 'integer') return Number.isInteger(value);
  return typeof value === type;
}

/**
 * The body Swagger UI's "Try it out" fills in when an operation has no example of its own: each
 * property's example, default or first enum value, else a placeholder of its type (as its
 * sampler does, optional properties included).
 */
export function sampleOf(document: OpenApiDocument, schema: Schema): unknown {
  const resolved = resolve(document, schema);
  if (resolved.example !== undefined) return resolved.example;
  if (resolved.default !== undefined) return resolved.default;
  if (resolved.enum !== undefined) return resolved.enum[0];
  if (resolved.allOf) {
    return Object.assign(
      {},
      ...(resolved.allOf.map((part) => sampleOf(document, part)) as object[]),
    );
  }
  const variant = resolved.oneOf?.[0] ?? resolved.anyOf?.[0];
  if (variant) return sampleOf(document, variant);
  if (resolved.type === 'array') return [sampleOf(document, resolved.items ?? {})];
  if (resolved.type === 'object' || resolved.properties) {
    return Object.fromEntries(
      Object.entries(resolved.properties ?? {}).map(([name, property]) => [
        name,
        sampleOf(document, property),
      ]),
    );
  }
  return placeholder(resolved);
}

function placeholder(schema: Schema): unknown {
  if (schema.type === 'integer' || schema.type === 'number') return 0;
  if (schema.type === 'boolean') return true;
  if (schema.format === 'email') return 'user@example.com';
  if (schema.format === 'uuid') return '3fa85f64-5717-4562-b3fc-2c963f66afa6';
  if (schema.format === 'date-time') return new Date(0).toISOString();
  return 'string';
}

export interface RequestSample {
  label: string;
  contentType: string;
  body: unknown;
}

/**
 * What "Try it out" sends for an operation's body, one sample per named example: Swagger UI
 * offers the first media type and, of it, the named examples, else the one example, else a body
 * generated from the schema.
 */
export function requestSamples(document: OpenApiDocument, operation: Operation): RequestSample[] {
  const content = operation.requestBody?.content ?? {};
  const [contentType, media] = Object.entries(content)[0] ?? [];
  if (contentType === undefined || media === undefined) return [];
  if (media.examples) {
    return Object.entries(media.examples).map(([label, example]) => ({
      label,
      contentType,
      body: example.value,
    }));
  }
  if (media.example !== undefined) return [{ label: 'example', contentType, body: media.example }];
  const generated = media.schema === undefined ? {} : sampleOf(document, media.schema);
  return [{ label: 'generated from the schema', contentType, body: generated }];
}

/** A sample body as its media type puts it on the wire. */
export function encodeBody(sample: RequestSample): string {
  if (sample.contentType !== 'application/x-www-form-urlencoded')
    return JSON.stringify(sample.body);
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(sample.body as Record<string, unknown>)) {
    form.append(name, String(value));
  }
  return form.toString();
}
