import { type Command, Option } from 'commander';
import { messageOf } from '../../errors/message-of.js';
import type { SyncState } from '../../index.js';
import { positiveNumber, wholeNumber } from '../arguments.js';
import { CliError } from '../cli-error.js';
import {
  addJsonOption,
  addOutputOptions,
  type CommandContext,
  type OutputFlags,
  printJson,
  runCommand,
} from '../command-context.js';
import {
  addConnectionOptions,
  type ConnectionFlags,
  createClient,
  missingApiKey,
  readApiKey,
} from '../connection.js';
import { examples } from '../examples.js';
import { ExitCode } from '../exit-codes.js';
import { bytes } from '../format.js';
import { openInput } from '../input/open-input.js';
import { readRecords } from '../input/read-records.js';
import { INPUT_FORMATS, type InputFormat, type InputMeter } from '../input/record.js';
import { type Interrupt, interruptExitCode } from '../interrupt.js';
import type { Output } from '../output.js';
import { jsonSyncSummary } from '../sync/json-summary.js';
import { ReportFile, STDOUT_REPORT } from '../sync/report-file.js';
import { runSync } from '../sync/run-sync.js';
import { openStateOption, type StateFlags } from '../sync/state-option.js';
import { printSyncSummary } from '../sync/summary.js';

/** The options of `sync`. */
interface SyncFlags extends ConnectionFlags, OutputFlags, StateFlags {
  readonly format?: InputFormat;
  readonly concurrency: number;
  readonly rate: number;
  readonly batchSize: number;
  readonly dryRun?: boolean;
  readonly createMissingUsers?: boolean;
  readonly report?: string;
  readonly json?: boolean;
  readonly progressInterval: number;
}

/** How each format is named for people. */
export const FORMAT_NAMES: Readonly<Record<InputFormat, string>> = {
  ndjson: 'NDJSON',
  csv: 'CSV',
  json: 'a JSON array',
};

const SYNC_EXAMPLES = examples([
  ['check a file, send nothing', 'subsets-iterable sync profiles.ndjson --dry-run'],
  ['sync a CSV file and keep every failure', 'subsets-iterable sync profiles.csv --report report.json'],
  [
    'sync from a pipe, in the EU data center',
    'zcat profiles.ndjson.gz | subsets-iterable sync - --region eu',
  ],
  ['the outcome as JSON, for scripts', 'subsets-iterable sync profiles.ndjson --json > outcome.json'],
  [
    'daily refresh: send only the profiles that changed since the last sync',
    'subsets-iterable sync profiles.ndjson --state ./iterable-state',
  ],
  [
    'weekly safety net: send everything once and refresh the state',
    'subsets-iterable sync profiles.ndjson --state ./iterable-state --resync',
  ],
]);

/** The key a dry run uses when `ITERABLE_API_KEY` is not set: it is never sent, since a dry run sends nothing. */
const DRY_RUN_KEY = 'dry-run-sends-nothing';

/** The number of profiles an input holds, estimated from the records read and the bytes they took. */
export function estimateRecords(meter: InputMeter, recordsRead: number): number | undefined {
  if (meter.totalBytes === undefined || meter.position <= 0) return undefined;
  return Math.max(recordsRead, Math.round((recordsRead * meter.totalBytes) / meter.position));
}

/** `sync` with its state store open, closed when the sync ends, however it ends. */
async function syncWithState(
  file: string,
  flags: SyncFlags,
  context: CommandContext,
  output: Output,
  interrupt: Interrupt,
): Promise<ExitCode> {
  if (flags.json && flags.report === STDOUT_REPORT) {
    throw new CliError('--json and --report - both write to stdout: give --report a file name');
  }
  const state = await openStateOption(flags);
  try {
    return await sync(file, flags, context, output, interrupt, state);
  } finally {
    await state?.close();
  }
}

async function sync(
  file: string,
  flags: SyncFlags,
  context: CommandContext,
  output: Output,
  interrupt: Interrupt,
  state: SyncState | undefined,
): Promise<ExitCode> {
  const dryRun = flags.dryRun ?? false;
  const apiKey = readApiKey(context.env);
  if (apiKey === undefined && !dryRun) throw missingApiKey();
  const client = createClient(flags, {
    apiKey: apiKey ?? DRY_RUN_KEY,
    output,
    env: context.env,
    concurrency: flags.concurrency,
    rateLimit: flags.rate,
  });
  const input = await openInput(file, flags.format, context.stdin);
  if (input.formatFrom === 'content') {
    output.say(
      `Reading ${input.label} as ${FORMAT_NAMES[input.format]}, from its first character (--format chooses).`,
    );
  }
  const reportFile = flags.report === undefined ? undefined : new ReportFile(flags.report, output.dataStream);
  const meter: InputMeter = { totalBytes: input.totalBytes, position: 0 };
  const size = input.totalBytes === undefined ? '' : `, ${bytes(input.totalBytes)}`;
  output.say(
    dryRun
      ? `Checking ${input.label} (${FORMAT_NAMES[input.format]}${size}): dry run, nothing will be sent.`
      : `Syncing ${input.label} (${FORMAT_NAMES[input.format]}${size}) to ${client.baseUrl}.`,
  );
  if (flags.state !== undefined) output.say(stateLine(flags.state, flags.resync ?? false, dryRun));

  const outcome = await runSync({
    client,
    records: readRecords(input.format, input.chunks, meter),
    source: input.label,
    format: input.format,
    batchSize: flags.batchSize,
    concurrency: flags.concurrency,
    dryRun,
    createMissingUsers: flags.createMissingUsers ?? false,
    state,
    resync: flags.resync ?? false,
    output,
    signal: interrupt.signal,
    reportFile,
    sized: input.totalBytes !== undefined,
    expected: (read) => estimateRecords(meter, read),
    progressIntervalMs: flags.progressInterval,
  });
  const { report } = outcome;
  // An input that fails before its first record (not an array, a wrong CSV header) needs no summary.
  if (flags.json) printJson(output, jsonSyncSummary(outcome, reportFile?.path));
  else if (outcome.inputError === undefined || report.total > 0) {
    printSyncSummary(output, outcome, { reportPath: reportFile?.path, place: 'line' });
  }
  if (report.interrupted) return interruptExitCode(interrupt.signal);
  if (outcome.inputError !== undefined) {
    output.error(`reading ${input.label} stopped early: ${messageOf(outcome.inputError)}`);
    return ExitCode.fatal;
  }
  return report.failed + report.invalid + report.aborted > 0 ? ExitCode.problems : ExitCode.ok;
}

/** What the sync does with the state in `dir`, in one line. */
function stateLine(dir: string, resync: boolean, dryRun: boolean): string {
  if (dryRun) return `State in ${dir}: looking up what changed, recording nothing (dry run).`;
  return resync
    ? `State in ${dir}: sending every profile (--resync) and recording what Iterable confirms.`
    : `State in ${dir}: sending only profiles that changed since the last sync.`;
}

/** Registers `sync <file|->`. */
export function registerSync(program: Command, context: CommandContext): void {
  const command = program
    .command('sync')
    .summary('write profiles from a file or stdin to Iterable')
    .description(
      'Writes Subsets profiles to Iterable: validates each one, batches them (≤ 1,000 users, ≤ 4 MB), ' +
        'rate limits and retries the requests, and reports every user that was not updated. The input ' +
        'is streamed, so its size does not matter. Running the same sync again is safe: updates merge.',
    )
    .argument(
      '<file>',
      'NDJSON (.ndjson, .jsonl), CSV (.csv) or a JSON array (.json) of profiles; - reads stdin',
    )
    .addOption(
      new Option('--format <format>', 'the input format, when the extension does not say').choices(
        INPUT_FORMATS,
      ),
    );
  addConnectionOptions(command)
    .option('--concurrency <n>', 'requests in flight at once', wholeNumber(1, 100), 5)
    .option(
      '--rate <n>',
      "bulkUpdate requests per second (Iterable's limit is 5 per project)",
      positiveNumber,
      5,
    )
    .option('--batch-size <n>', 'most users per request', wholeNumber(1, 1000), 1000)
    .option('--dry-run', 'validate and batch, send nothing (needs no API key)')
    .option(
      '--create-missing-users',
      'create users the project does not know (preferUserId, email-based projects)',
    )
    .option(
      '--state <dir>',
      'keep what each user last received in this directory (LMDB, created if missing); send only what changed',
    )
    .option('--resync', 'with --state: send every profile, changed or not, and refresh the state')
    .option('--report <file>', 'write the report, with every failure, as JSON to this file (- for stdout)')
    .addOption(
      new Option('--progress-interval <ms>', 'least time between plain progress lines')
        .argParser(wholeNumber(0))
        .default(5000)
        .hideHelp(),
    );
  addJsonOption(command);
  addOutputOptions(command, { quiet: true }).addHelpText('after', SYNC_EXAMPLES);
  command.action(async (file: string, flags: SyncFlags) => {
    await runCommand(context, flags, (output, interrupt) =>
      syncWithState(file, flags, context, output, interrupt),
    );
  });
}
