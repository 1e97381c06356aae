import { Logger } from '@nestjs/common';
import { QueryLogger } from './query-logger';

describe(QueryLogger.name, () => {
  it('logs a failed query without its parameters', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const sut = new QueryLogger();

    sut.logQueryError(
      new Error('duplicate key value violates unique constraint'),
      'INSERT INTO users (password_hash) VALUES ($1)',
    );

    const line = String(error.mock.calls[0][0]);
    expect(line).toContain('duplicate key value');
    expect(line).toContain('INSERT INTO users');
    expect(line).not.toContain('$2b$');
    error.mockRestore();
  });
});
