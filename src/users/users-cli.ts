import 'reflect-metadata';
import { ReadStream } from 'node:tty';
import { parseArgs } from 'node:util';
import { SystemClock } from '@warden/nest-auth';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { CliRefusal, note, runCommand, say } from '../common/cli/cli-main';
import { HiddenPrompt, readPipedSecret } from '../common/cli/secret-input';
import { validationProblems } from '../common/validation-problems';
import { loadConfig } from '../config';
import { openCliDataSource } from '../database/cli-data-source';
import { placeholderEmail } from './admin-account';
import { RegisterDto } from './dto/register.dto';
import { PasswordOwner, passwordProblem } from './password/password-rules';
import { ADMIN_ROLE } from './permissions';
import { standaloneUsersService, USERS_ENTITIES } from './standalone-users';
import { EmailTakenError, UsernameTakenError } from './users.errors';

const FAILURE = 'Cannot create the administrator';
const SKIP_MISSING = { skipMissing: true };
const USAGE =
  'usage: npm run users:create-admin [-- --username <name>] [--email <address>]' +
  ' (password on stdin, or prompted)';

/**
 * `npm run users:create-admin [-- --username admin --email admin@example.com]`: a user with
 * the `admin` role, made by the rules of registration (username, email and password, NFKC,
 * common passwords) and audited as `user.created` by `cli`. The password is read from stdin
 * when that is no terminal (`echo "$PW" | npm run users:create-admin`), else prompted twice
 * without echo; never taken from the command line, where `ps` shows it, and never printed.
 * The username defaults to ADMIN_USERNAME, the email to `<username>@localhost`.
 */
async function main(): Promise<void> {
  const { command, username, email } = parseCommand(process.argv.slice(2));
  if (command !== 'create-admin') throw new CliRefusal(`Unknown command "${command}": ${USAGE}`);
  const config = loadConfig();
  const name = username ?? config.auth.adminUsername;
  // Registration's own DTO: an address given must be a real one, the placeholder needs none.
  const problems = await validationProblems(RegisterDto, { username: name, email }, SKIP_MISSING);
  if (problems.length > 0) throw new CliRefusal(`${FAILURE}: ${problems.join('; ')}`);
  const account = { username: name, email: email ?? placeholderEmail(name) };
  // Before the database is opened: a Ctrl-C at the prompt leaves nothing running.
  const password = await readNewPassword(account);

  const database = await openCliDataSource(config, [...USERS_ENTITIES, AuditEventEntity], note);
  try {
    const clock = new SystemClock();
    const { dataSource } = database;
    const audit = new AuditService(dataSource.getRepository(AuditEventEntity), clock);
    const users = standaloneUsersService(dataSource, config, clock, audit);
    const admin = await users
      .create({ ...account, password, roles: [ADMIN_ROLE] }, { actor: 'cli' })
      .catch((error: unknown) => {
        throw explainTaken(error, account);
      });
    say(
      `Created the administrator '${admin.username}' (id ${admin.id}, email ${admin.email}, ` +
        `role ${ADMIN_ROLE}): log in with POST /auth/login`,
    );
  } finally {
    await database.close();
  }
}

function parseCommand(args: string[]): { command: string; username?: string; email?: string } {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { username: { type: 'string' }, email: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new CliRefusal(USAGE);
    return { command: positionals[0], ...values };
  } catch (error) {
    if (error instanceof CliRefusal) throw error;
    throw new CliRefusal(`${error instanceof Error ? error.message : String(error)}; ${USAGE}`);
  }
}

/**
 * The new password, checked at once by registration's rules (so a refused one is not typed
 * twice); UsersService checks it again before hashing.
 */
async function readNewPassword(account: PasswordOwner): Promise<string> {
  const stdin = process.stdin;
  if (!(stdin instanceof ReadStream && stdin.isTTY)) {
    return refuseWeak(await readPipedSecret(stdin), account);
  }
  const terminal = new HiddenPrompt(stdin);
  try {
    const password = await terminal.ask(`Password for '${account.username}': `);
    refuseWeak(password, account);
    if ((await terminal.ask('Repeat it: ')) !== password) {
      throw new CliRefusal('The two passwords differ: nothing was created');
    }
    return password;
  } finally {
    terminal.close();
  }
}

/** A taken name or address, as the 409 of the API would say it, with the way out. */
function explainTaken(error: unknown, account: PasswordOwner): unknown {
  if (error instanceof UsernameTakenError) {
    return new CliRefusal(
      `${FAILURE}: the username '${account.username}' is taken (409 ${error.code}); ` +
        'choose another with --username',
    );
  }
  if (error instanceof EmailTakenError) {
    return new CliRefusal(
      `${FAILURE}: the email ${account.email} is registered already (409 ${error.code}); ` +
        'choose another with --email',
    );
  }
  return error;
}

function refuseWeak(password: string, account: PasswordOwner): string {
  const problem = passwordProblem(password, account);
  if (problem) throw new CliRefusal(`Password refused: ${problem}`);
  return password;
}

runCommand(main, FAILURE);
