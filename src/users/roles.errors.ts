import { WardenError } from '../common/errors';

/** A change to `admin` or `user` that docs/architecture.md §5 rules out (builtInRoleProblem). */
export class BuiltInRoleError extends WardenError {
  readonly code = 'ERR_BUILT_IN_ROLE';

  constructor(problem: string) {
    super(problem, { field: 'permissions' });
  }
}
