export * from './warden-error';
export * from './validation.errors';
export * from './error-status';
export * from './database-errors';
export * from './error-reply';
export * from './all-exceptions.filter';
