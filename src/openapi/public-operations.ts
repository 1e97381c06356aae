import type { OpenAPIObject, OperationObject, PathItemObject } from '@nestjs/swagger';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Every operation of the document, with its path and method. Operations are the document's own
 * objects: changing one changes the document.
 */
export function operationsOf(
  document: OpenAPIObject,
): { path: string; method: string; operation: OperationObject }[] {
  return Object.entries(document.paths).flatMap(([path, item]: [string, PathItemObject]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation === undefined ? [] : [{ path, method, operation }];
    }),
  );
}

/**
 * Says `security: []` on every operation that names no scheme, instead of leaving it unsaid
 * (OpenAPI 3.0 §4.7.10.10: an empty list removes any requirement). Every protected route
 * documents its scheme through the decorator that protects it (`@Permissions`, `@RequiresAuth`,
 * `@ApiBasicAuth`), so an operation without one is a `@Public()` route; the deny-by-default and
 * OpenAPI tests hold the two lists together.
 */
export function markPublicOperations(document: OpenAPIObject): OpenAPIObject {
  for (const { operation } of operationsOf(document)) {
    operation.security ??= [];
  }
  return document;
}
