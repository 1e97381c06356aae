// A PostgreSQL cluster in its own process, for tests that stop and restart the database under a
// running Warden: `node pg-cluster.js <dir> [port]` prints {"url","port"} once ready and stops
// the server (data kept) on SIGTERM. Uses the compiled launcher (run `npx nest build` first).
const { join } = require('node:path');
const { EmbeddedDatabase } = require(
  join(__dirname, '..', '..', '..', 'dist', 'src', 'database', 'embedded-database.js'),
);

async function main() {
  const [dir, port] = process.argv.slice(2);
  const database = await EmbeddedDatabase.start(
    dir,
    { log: () => undefined, warn: (message) => process.stderr.write(`${message}\n`) },
    port ? { port: Number(port) } : {},
  );
  process.stdout.write(`${JSON.stringify({ url: database.url, port: database.port })}\n`);
  const stop = () => void database.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
