/**
 * Streams profiles from an NDJSON file (one JSON object per line) without loading the file: an
 * async generator reads it line by line, and the sync pulls only as many lines as it can send.
 * The example writes a small file to a temporary directory first, and removes it at the end.
 *
 *   npx tsx examples/stream-from-file.ts
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { IterableClient, untypedProfiles } from '@subsets/iterable';
import { openTarget, SUBSETS_FIELDS_READY } from './support/target.js';

/**
 * Yields one parsed object per non-empty line. A line that is not JSON is reported and skipped;
 * whether an object is a valid profile is for the sync to decide (it reports those as `invalid`).
 */
async function* readNdjson(path: string): AsyncGenerator<unknown> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    try {
      yield JSON.parse(line);
    } catch {
      console.log(`  line ${lineNumber} is not JSON, skipped`);
    }
  }
}

/** Writes `count` churn-score lines, plus one broken line and one invalid profile. */
async function writeSampleFile(path: string, count: number): Promise<void> {
  const lines: string[] = [];
  for (let i = 1; i <= count; i++) {
    lines.push(JSON.stringify({ userId: `subsets-example-${i}`, churnRisk: ((i * 37) % 100) / 100 }));
  }
  lines.splice(100, 0, '{"userId": "subsets-example-broken", "churnRisk": '); // cut short
  lines.splice(200, 0, JSON.stringify({ userId: 'subsets-example-bad', churnRisk: 'high' }));
  await writeFile(path, `${lines.join('\n')}\n`);
}

const directory = await mkdtemp(join(tmpdir(), 'subsets-example-'));
const target = await openTarget({ fields: SUBSETS_FIELDS_READY });
try {
  const file = join(directory, 'churn-scores.ndjson');
  await writeSampleFile(file, 2_500);
  console.log(`Syncing ${file} to ${target.description}`);

  const client = new IterableClient(target.clientOptions);
  const report = await client.syncProfiles(untypedProfiles(readNdjson(file)), {
    batchSize: 1_000,
    onProgress: (p) =>
      console.log(`  after batch ${p.batches}: ${p.processed} profiles done, ${p.total} read`),
  });

  console.log(
    `Done in ${report.durationMs} ms: ${report.succeeded} updated, ${report.failed} failed, ` +
      `${report.invalid} invalid, in ${report.batches} batches`,
  );
  for (const failure of report.failures) {
    console.log(`  profile #${failure.index} (${failure.userId}): ${failure.message}`);
  }
} finally {
  await target.close();
  await rm(directory, { recursive: true, force: true });
}
