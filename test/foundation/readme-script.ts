import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FencedBlock } from './readme-blocks';

const REPOSITORY = join(__dirname, '..', '..');
/** How the README addresses the service; the test's service listens elsewhere. */
const README_BASE_URL = /(?:http:\/\/)?localhost:3000/g;
/** `npm start` and the CLIs build first when dist/ is stale; see `npmFunction`. */
const BUILD_FIRST = /^node scripts\/build-if-needed\.js && /;
const CURL_MAX_SECONDS = 15;

/**
 * One bash script running every block in README order, so that variables carry over as in a
 * reader's terminal. `set -euo pipefail`: `curl -s` exits 0 on any HTTP status, so -e stops only
 * on a command that really failed (no connection, a `node -pe` that finds no token in an
 * answer), and -u on a variable the README uses before defining it, the very bug this guards.
 * `statusFile` receives the final HTTP status of every curl call, one a line, in call order.
 */
export function readmeScript(blocks: FencedBlock[], baseUrl: string, statusFile: string): string {
  const parts = [
    'set -euo pipefail',
    `trap 'echo "readme-test: stopped by a failed command (exit $?): $BASH_COMMAND" >&2' ERR`,
    curlFunction(statusFile),
    npmFunction(),
  ];
  for (const block of blocks) {
    parts.push(`echo '--- README block at line ${block.line}' >&2`);
    parts.push(block.lines.join('\n').replace(README_BASE_URL, baseUrl));
  }
  return `${parts.join('\n')}\n`;
}

/**
 * curl as the README calls it, plus `-D` (which leaves stdout, `-o` and `-w` alone) to record the
 * status; a function so that it also applies inside `$(...)`, where a counter would be lost.
 */
function curlFunction(statusFile: string): string {
  return `curl() {
  local headers status=000 line code=0
  headers=$(mktemp)
  command curl --max-time ${CURL_MAX_SECONDS} -D "$headers" "$@" || code=$?
  if (( code != 0 )); then echo "readme-test: curl exited with $code: curl $*" >&2; fi
  while IFS= read -r line; do
    if [[ $line =~ ^HTTP/[^\\ ]+\\ ([0-9]{3}) ]]; then status=\${BASH_REMATCH[1]}; fi
  done < "$headers"
  rm -f "$headers"
  echo "$status" >> ${shellQuote(statusFile)}
  return $code
}`;
}

/**
 * `npm run <script> [-- args]` runs the script's command from package.json (so a README naming
 * a script that does not exist fails), without the build step: this test runs on the compiled
 * dist/ like every process-level test, and a build in the middle of a bounded run would be slow.
 */
function npmFunction(): string {
  const { scripts } = JSON.parse(readFileSync(join(REPOSITORY, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const cases = Object.entries(scripts)
    .map(
      ([name, command]) =>
        `    ${shellQuote(name)}) command=${shellQuote(command.replace(BUILD_FIRST, ''))} ;;`,
    )
    .join('\n');
  return `npm() {
  if [[ \${1:-} != run ]]; then echo "readme-test: only npm run <script> is supported" >&2; return 2; fi
  shift
  while [[ \${1:-} == -s || \${1:-} == --silent ]]; do shift; done
  local command
  case \${1:-} in
${cases}
    *) echo "readme-test: package.json has no script \${1:-}" >&2; return 2 ;;
  esac
  shift
  if [[ \${1:-} == -- ]]; then shift; fi
  (cd ${shellQuote(REPOSITORY)} && bash -c "$command \\"\\$@\\"" "npm run" "$@")
}`;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
