/**
 * A value now, or a promise of it. Key resolvers and revocation checkers may answer either way;
 * the built-in ones answer synchronously on the hot path, and passing that on without wrapping it
 * in a promise saves the guard a microtask per step.
 */
export type MaybePromise<T> = T | Promise<T>;

export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}

/**
 * `next(value)`: right away when `value` is already there, once it settles otherwise. As with
 * `await`, any thenable is adopted through Promise.resolve.
 */
export function andThen<T, R>(
  value: MaybePromise<T>,
  next: (value: T) => MaybePromise<R>,
): MaybePromise<R> {
  return isPromise(value) ? Promise.resolve(value).then(next) : next(value);
}
