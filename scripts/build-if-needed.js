// `npm start` and the CLI scripts build first when dist/ is missing or older than the sources,
// so a fresh clone needs no separate build step and a rebuilt tree is never run stale. The
// runtime image (docker/Dockerfile) ships dist/ without the sources or the compiler: there it
// runs what is built.
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'dist', 'src', 'main.js');
// The service runs on the library's build (packages/nest-auth/dist), so both must be current.
const libraryEntry = join(root, 'packages', 'nest-auth', 'dist', 'index.js');
const sources = ['src', 'migrations', 'packages/nest-auth/src'].map((dir) => join(root, dir));
const built = existsSync(entry) && existsSync(libraryEntry);

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name);
    const mtime = name.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

const sourcesChanged = () =>
  Math.max(
    ...sources.filter((dir) => existsSync(dir)).map(newestMtime),
    statSync(join(root, 'package.json')).mtimeMs,
  ) > statSync(entry).mtimeMs;

if (!sources.some((dir) => existsSync(dir))) {
  if (!built) {
    console.error(`${join(root, 'dist')} is incomplete and there are no sources to build it from`);
    process.exit(1);
  }
} else if (!built || sourcesChanged()) {
  // On stderr, build output included: a CLI's stdout holds only its result (a client secret).
  console.error('Building Warden (dist/ is missing or out of date)...');
  execSync('npm run build', { cwd: root, stdio: ['inherit', 2, 2] });
}
