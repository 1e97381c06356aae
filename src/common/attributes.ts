import { isDeepStrictEqual } from 'node:util';

/**
 * Administrator-set data of a user or client (jsonb `attributes`): an API maps some of its members
 * into its tokens as claims. Values are JSON (RFC 8259); arrays and objects are kept as they are.
 */
export type Attributes = { [name: string]: string | number | boolean | null | object };

/**
 * The member names whose values differ between two attributes objects (added, removed or
 * changed), sorted: what an audit row of a change lists, never the values. Compared as JSON
 * values: PostgreSQL's jsonb does not keep the members' order, so order is no change.
 */
export function changedAttributeNames(before: Attributes, after: Attributes): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => !isDeepStrictEqual(before[name], after[name])).sort();
}
