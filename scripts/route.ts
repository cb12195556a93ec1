// Batch routing: `npm run --silent route -- FILE.jsonl` (or `-` for stdin).
// One JSON case per line in, one JSON answer per line out (input order). Malformed
// lines give an error line on stderr and the rest still run. Exit code: 0 when the
// input was read (even with malformed lines), 2 on usage errors or unreadable input.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { routeBatchLine, seedRoutingIndex } from '../src/routing';

async function main(): Promise<number> {
  const source = process.argv[2];
  if (!source) {
    process.stderr.write('usage: npm run --silent route -- FILE.jsonl|-\n');
    return 2;
  }
  const input: Readable = source === '-' ? process.stdin : createReadStream(source, 'utf8');
  const index = seedRoutingIndex();
  try {
    let line = 0;
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      line++;
      if (!text.trim()) continue;
      const result = routeBatchLine(index, text, line);
      if (result.ok) process.stdout.write(`${JSON.stringify(result.answer)}\n`);
      else process.stderr.write(`${JSON.stringify(result.error)}\n`);
    }
  } catch (error) {
    process.stderr.write(`cannot read ${source}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  return 0;
}

process.exitCode = await main();
