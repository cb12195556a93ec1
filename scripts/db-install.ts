// `npm run db:install`: builds the embedded FerretDB binary once (no-op when present).
import { StartupError } from '../src/core/errors';
import { ensureFerretdbBinary } from '../src/core/db/ferretdb-binary';

try {
  const bin = await ensureFerretdbBinary(process.env.FERRETDB_BIN || undefined, (line) =>
    process.stdout.write(`${line}\n`),
  );
  process.stdout.write(`embedded database ready: ${bin}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof StartupError ? error.message : String(error)}\n`);
  process.exit(1);
}
