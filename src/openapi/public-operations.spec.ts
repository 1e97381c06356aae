import type { OpenAPIObject } from '@nestjs/swagger';
import { markPublicOperations, operationsOf } from './public-operations';

function documentWith(paths: OpenAPIObject['paths']): OpenAPIObject {
  return { openapi: '3.0.0', info: { title: 'x', version: '1' }, paths };
}

describe(markPublicOperations.name, () => {
  it('says `security: []` where an operation names no scheme, and keeps the others', () => {
    const sut = markPublicOperations(
      documentWith({
        '/open': { get: { responses: {} } },
        '/closed': { get: { responses: {}, security: [{ bearer: [] }] } },
        '/either': { post: { responses: {}, security: [{ client_secret_basic: [] }, {}] } },
      }),
    );

    expect(operationsOf(sut).map(({ path, operation }) => [path, operation.security])).toEqual([
      ['/open', []],
      ['/closed', [{ bearer: [] }]],
      ['/either', [{ client_secret_basic: [] }, {}]],
    ]);
  });

  it('lists every method of a path, and nothing that is not an operation', () => {
    const sut = documentWith({
      '/users/{id}': {
        parameters: [],
        get: { responses: {} },
        patch: { responses: {} },
        delete: { responses: {} },
      },
    });

    expect(operationsOf(sut).map(({ method }) => method)).toEqual(['get', 'delete', 'patch']);
  });
});
