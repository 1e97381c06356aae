export * from './warden-error';
export * from './error-status';
export * from './database-errors';
export * from './all-exceptions.filter';
