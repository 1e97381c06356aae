// `npm start` builds first when dist/ is missing or older than the sources, so a fresh clone
// needs no separate build step and a rebuilt tree is never run stale.
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'dist', 'src', 'main.js');
// The service runs on the library's build (packages/nest-auth/dist), so both must be current.
const libraryEntry = join(root, 'packages', 'nest-auth', 'dist', 'index.js');

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
    ...['src', 'migrations', 'packages/nest-auth/src'].map((dir) => newestMtime(join(root, dir))),
    statSync(join(root, 'package.json')).mtimeMs,
  ) > statSync(entry).mtimeMs;

if (!existsSync(entry) || !existsSync(libraryEntry) || sourcesChanged()) {
  console.log('Building Warden (dist/ is missing or out of date)...');
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}
