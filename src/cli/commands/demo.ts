import type { Command } from 'commander';
import type { SyncFailureReason } from '../../index.js';
import { startFakeIterable } from '../../testing/server.js';
import type { FakeIterableUser } from '../../testing/types.js';
import { wholeNumber } from '../arguments.js';
import {
  addJsonOption,
  addOutputOptions,
  type CommandContext,
  type OutputFlags,
  printJson,
  runCommand,
} from '../command-context.js';
import { createClient, SentRequests } from '../connection.js';
import { demoProfiles, forgottenDemoUsers } from '../demo/profiles.js';
import { examples } from '../examples.js';
import { ExitCode } from '../exit-codes.js';
import { count, plural, rateOf } from '../format.js';
import type { InputRecord } from '../input/record.js';
import { type Interrupt, interruptExitCode } from '../interrupt.js';
import type { Output } from '../output.js';
import { jsonSyncSummary } from '../sync/json-summary.js';
import { ReportFile } from '../sync/report-file.js';
import { runSync } from '../sync/run-sync.js';
import { printSyncSummary } from '../sync/summary.js';
import { fieldTable } from './fields.js';

/** The options of `demo`. */
interface DemoFlags extends OutputFlags {
  readonly profiles: number;
  readonly report?: string;
  readonly json?: boolean;
}

/** Iterable's bulkUpdate limit, per project. */
const ITERABLE_BULK_RATE = 5;

/** What each failure reason means, for the demo's report. */
const REASONS: Readonly<Partial<Record<SyncFailureReason, string>>> = {
  validation: 'the profile broke the SubsetsProfile rules; it was never sent',
  forgotten: 'the user was forgotten under GDPR; Iterable refuses writes to them',
  'not-found': 'the project has no such user (pass --create-missing-users in email-based projects)',
  'invalid-user-id': 'Iterable rejected the userId',
  'request-failed': 'the request failed after its retries; running the sync again may succeed',
  'type-mismatch': 'the project holds a Subsets field with another type; run fields --ensure',
};

/** A user with all five Subsets fields written, else any user. */
function exampleUser(users: Iterable<FakeIterableUser>): FakeIterableUser | undefined {
  let any: FakeIterableUser | undefined;
  for (const user of users) {
    if (user.userId === 'subsets-setup') continue;
    any ??= user;
    if (Object.keys(user.dataFields).length >= 5) return user;
  }
  return any;
}

async function* records(profiles: Iterable<unknown>): AsyncGenerator<InputRecord, void, undefined> {
  let line = 0;
  for (const value of profiles) {
    line += 1;
    yield { kind: 'profile', value, line };
  }
}

async function demo(flags: DemoFlags, output: Output, interrupt: Interrupt): Promise<ExitCode> {
  const total = flags.profiles;
  const forgotten = forgottenDemoUsers(total);
  const iterable = await startFakeIterable({ forgottenUserIds: forgotten, recordRequests: 'metadata' });
  try {
    const sent = new SentRequests();
    const client = createClient({ baseUrl: iterable.url }, { apiKey: iterable.apiKey, output, sent });
    output.say(
      `Demo: ${plural(total, 'generated profile')} written to a local Iterable stand-in at ${iterable.url}.`,
    );
    output.say(
      `It behaves like an Iterable project: rate limits on (bulkUpdate ${ITERABLE_BULK_RATE} requests/s), ` +
        `${plural(forgotten.length, 'GDPR-forgotten user')}, no Subsets fields yet.`,
    );
    output.say();
    output.say('1. Create the five Subsets fields (ensureFields, through setup user subsets-setup):');
    const setup = await client.ensureFields({ setupUserId: 'subsets-setup', signal: interrupt.signal });
    for (const line of fieldTable(setup.fields)) output.say(line);
    output.say();
    output.say(
      '2. Sync the profiles (syncProfiles with its defaults: 1,000 users per request, 5 in flight, 5 requests/s):',
    );
    const reportFile =
      flags.report === undefined ? undefined : new ReportFile(flags.report, output.dataStream);
    const outcome = await runSync({
      client,
      records: records(demoProfiles(total)),
      source: 'the generated profiles',
      format: undefined,
      batchSize: 1000,
      concurrency: 5,
      dryRun: false,
      createMissingUsers: false,
      output,
      signal: interrupt.signal,
      reportFile,
      sized: true,
      expected: () => total,
      progressIntervalMs: 1000,
      sent,
    });
    output.say();
    if (flags.json) printJson(output, jsonSyncSummary(outcome, reportFile?.path));
    else printSyncSummary(output, outcome, { reportPath: reportFile?.path, place: 'profile' });

    const { report, failures } = outcome;
    output.say();
    output.say('3. What happened:');
    const requestRate =
      rateOf(report.requests, report.durationMs, 'requests') ?? 'too few requests for a rate';
    const profileRate = rateOf(report.total - report.aborted, report.durationMs, 'profiles');
    output.say(
      `  Rate: ${requestRate} over the whole sync, against Iterable's ceiling of ${ITERABLE_BULK_RATE} ` +
        `requests/s (${plural(report.requests, 'request')}, ` +
        `${report.rateLimited === 0 ? 'none' : count(report.rateLimited)} rate limited).` +
        (profileRate === undefined
          ? ''
          : ` At 1,000 users per request that is ${profileRate}: the rate limit, not the network, sets the pace.`),
    );
    for (const [reason, n] of Object.entries(failures.reasons())) {
      const meaning = REASONS[reason as SyncFailureReason] ?? '';
      output.say(`  ${reason.padEnd(16)}${count(n ?? 0).padStart(7)}  ${meaning}`);
    }
    const sample = exampleUser(iterable.users.values());
    if (sample !== undefined) {
      output.say(`  The stand-in now holds ${plural(iterable.users.size, 'user')}; ${sample.userId} has:`);
      for (const [name, value] of Object.entries(sample.dataFields))
        output.say(`    ${name} = ${JSON.stringify(value)}`);
    }
    return report.interrupted ? interruptExitCode(interrupt.signal) : ExitCode.ok;
  } finally {
    await iterable.close();
  }
}

/** Registers `demo [--profiles N]`. */
export function registerDemo(program: Command, context: CommandContext): void {
  const command = program
    .command('demo')
    .summary('sync generated profiles to a local stand-in and show the report')
    .description(
      'Starts a local Iterable stand-in (rate limits on, a few forgotten users), creates the five ' +
        'fields, generates realistic profiles (experiment assignments, churn score refreshes, a few ' +
        'percent invalid) and syncs them with the default options, showing progress and the report. ' +
        'Needs no API key and touches no real project. Exit 0 when it ran (its failures are on purpose).',
    )
    .option('--profiles <n>', 'how many profiles to generate', wholeNumber(1, 10_000_000), 20_000)
    .option(
      '--report <file>',
      'also write the report, with every failure, as JSON to this file (- for stdout)',
    );
  addJsonOption(command);
  addOutputOptions(command, { quiet: true }).addHelpText(
    'after',
    examples([
      ['sync 20,000 generated profiles to a local stand-in', 'subsets-iterable demo'],
      [
        'a smaller run, with every failure in a report',
        'subsets-iterable demo --profiles 2000 --report demo-report.json',
      ],
    ]),
  );
  command.action(async (flags: DemoFlags) => {
    await runCommand(context, flags, (output, interrupt) => demo(flags, output, interrupt));
  });
}
