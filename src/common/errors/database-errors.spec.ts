import { isDatabaseUnavailable } from './database-errors';

describe('isDatabaseUnavailable', () => {
  it.each([
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    ],
    ['a server shutting down', Object.assign(new Error('terminating'), { code: '57P01' })],
    ['an exhausted pool', new Error('timeout exceeded when trying to connect')],
    [
      'TypeORM wrapping the driver',
      Object.assign(new Error('query failed'), { driverError: new Error('Connection terminated') }),
    ],
    [
      'a cause two levels down',
      new Error('outer', {
        cause: new Error('x', { cause: Object.assign(new Error('y'), { code: '08006' }) }),
      }),
    ],
  ])('recognizes %s', (_case, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a syntax error', Object.assign(new Error('syntax error'), { code: '42601' })],
    ['a string', 'Connection terminated'],
    ['null', null],
  ])('leaves %s to the 500 path', (_case, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
