import { messageOf } from '../../errors/message-of.js';
import {
  type IterableClient,
  StateStoreError,
  SyncAbortedError,
  type SyncFailureReason,
  type SyncReport,
  type SyncState,
  untypedProfiles,
} from '../../index.js';
import type { InputRecord } from '../input/record.js';
import type { Output } from '../output.js';
import { FailureLog, placeFailure } from './failure-log.js';
import { ProfileSource } from './profile-source.js';
import { createProgressView, type ProgressSnapshot } from './progress.js';
import { positionCapacity } from './record-positions.js';
import type { ReportFile } from './report-file.js';

/** How many failures the summary shows. */
const SAMPLE_SIZE = 5;

/**
 * What the CLI reports about one sync: the SDK's `SyncReport` counts (`total === succeeded + unchanged +
 * failed + invalid + aborted`), with unreadable records counted as invalid.
 */
export interface CliSyncReport extends Omit<SyncReport, 'failures' | 'dryRun'> {
  /** The input: a file path, `stdin`, or `demo`. */
  readonly source: string;
  /** The input's format, when it was read from a file or stdin. */
  readonly format: string | undefined;
  /** Whether nothing was sent. */
  readonly dryRun: boolean;
  /** Whether the sync was stopped (Ctrl-C or SIGTERM) before the input was done. */
  readonly interrupted: boolean;
  /** The error that ended the reading of the input early, if any. */
  readonly inputError: string | null;
  /** When the sync started, ISO-8601. */
  readonly startedAt: string;
  /** When it ended, ISO-8601. */
  readonly finishedAt: string;
  /** Failed and invalid profiles by reason. */
  readonly failuresByReason: Partial<Record<SyncFailureReason, number>>;
}

/** One sync to run from the CLI. */
export interface SyncJob {
  /** The client to sync with. */
  readonly client: IterableClient;
  /** The input's records. */
  readonly records: AsyncIterable<InputRecord>;
  /** What the input is, for the report: a file path, `stdin`, `demo`. */
  readonly source: string;
  /** The input's format, for the report. */
  readonly format?: string | undefined;
  /** Users per request. */
  readonly batchSize: number;
  /** Requests in flight at once (sizes the line-number memory). */
  readonly concurrency: number;
  /** Validate and batch only. */
  readonly dryRun: boolean;
  /** Send `preferUserId: true`. */
  readonly createMissingUsers: boolean;
  /** What each user last received (`--state`): send only what changed. */
  readonly state?: SyncState | undefined;
  /** Send every profile and refresh `state` (`--resync`). */
  readonly resync?: boolean | undefined;
  /** Where to write. */
  readonly output: Output;
  /** Stops the sync. */
  readonly signal: AbortSignal;
  /** The `--report` file, if one was asked for. */
  readonly reportFile: ReportFile | undefined;
  /** Whether the input's size is known, so that progress can show a bar and an ETA. */
  readonly sized: boolean;
  /** How many profiles the input holds, given how many have been read; `undefined` when unknown. */
  readonly expected: (recordsRead: number) => number | undefined;
  /** Least time between two plain progress lines, in milliseconds. */
  readonly progressIntervalMs: number;
}

/** What a finished (or stopped) sync leaves. */
export interface SyncOutcome {
  /** The report, as written to `--report`. */
  readonly report: CliSyncReport;
  /** Failures by reason and the first few. */
  readonly failures: FailureLog;
  /** The error that ended the reading of the input early, if any. */
  readonly inputError: unknown;
}

function combine(
  job: SyncJob,
  sync: SyncReport,
  source: ProfileSource,
  failures: FailureLog,
  started: Date,
  interrupted: boolean,
) {
  return {
    source: job.source,
    format: job.format,
    dryRun: sync.dryRun,
    interrupted,
    inputError: source.inputError === undefined ? null : messageOf(source.inputError),
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    total: sync.total + source.unreadable,
    succeeded: sync.succeeded,
    unchanged: sync.unchanged,
    failed: sync.failed,
    invalid: sync.invalid + source.unreadable,
    aborted: sync.aborted,
    batches: sync.batches,
    requests: sync.requests,
    retries: sync.retries,
    rateLimited: sync.rateLimited,
    durationMs: sync.durationMs,
    createdFields: sync.createdFields,
    filteredOutFields: sync.filteredOutFields,
    failuresByReason: failures.reasons(),
  } satisfies CliSyncReport;
}

/**
 * Writes the report file of a sync that failed as a whole when the error carries its counts (a
 * {@link StateStoreError}); otherwise discards the file.
 */
async function finishStopped(
  job: SyncJob,
  error: unknown,
  source: ProfileSource,
  failures: FailureLog,
  started: Date,
): Promise<void> {
  if (error instanceof StateStoreError && error.report !== undefined) {
    await job.reportFile?.finish(combine(job, error.report, source, failures, started, false));
  } else {
    job.reportFile?.discard();
  }
}

/**
 * Runs one sync for the CLI: reads the records, hands the profiles to `client.syncProfiles`, shows
 * progress, maps each failure to its input line, streams every failure to the report file, and
 * writes the report, also when the sync is stopped. The SDK keeps no failures in memory
 * (`maxFailuresInReport: 0`); the CLI keeps counts and the first few.
 *
 * @throws the sync's error when it fails as a whole (for example a rejected API key); no report is
 *   written then, except for a failing state store, whose error carries the counts so far.
 */
export async function runSync(job: SyncJob): Promise<SyncOutcome> {
  const { output, reportFile } = job;
  const failures = new FailureLog(SAMPLE_SIZE, reportFile ? (failure) => reportFile.add(failure) : undefined);
  const source = new ProfileSource(job.records, positionCapacity(job.concurrency, job.batchSize), (failure) =>
    failures.add(failure, true),
  );
  const view = createProgressView(output, { sized: job.sized, intervalMs: job.progressIntervalMs });
  const started = new Date();
  let sync: SyncReport;
  let interrupted = false;
  try {
    sync = await job.client.syncProfiles(untypedProfiles(source), {
      batchSize: job.batchSize,
      dryRun: job.dryRun,
      createMissingUsers: job.createMissingUsers,
      state: job.state,
      resync: job.resync ?? false,
      maxFailuresInReport: 0,
      signal: job.signal,
      onFailure: (failure) => failures.add(placeFailure(failure, source.positions)),
      onProgress: (progress) => {
        const snapshot: ProgressSnapshot = {
          done: progress.processed + source.unreadable,
          succeeded: progress.succeeded,
          failed: progress.failed,
          invalid: progress.invalid + source.unreadable,
          requests: progress.requests,
          rateLimited: progress.rateLimited,
          elapsedMs: progress.elapsedMs,
          expected: job.expected(source.records),
          dryRun: job.dryRun,
        };
        view.update(snapshot);
      },
    });
  } catch (error) {
    if (!(error instanceof SyncAbortedError)) {
      view.clear();
      await finishStopped(job, error, source, failures, started);
      throw error;
    }
    sync = error.report;
    interrupted = true;
  }
  view.stop();
  const report = combine(job, sync, source, failures, started, interrupted);
  await reportFile?.finish(report);
  return { report, failures, inputError: source.inputError };
}
