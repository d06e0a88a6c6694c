import { count, duration, plural, rateOf } from '../format.js';
import type { Output } from '../output.js';
import type { CliFailure } from './failure-log.js';
import type { CliSyncReport, SyncOutcome } from './run-sync.js';

/** Options of {@link syncSummary}. */
export interface SummaryOptions {
  /** The `--report` path, when one was written. */
  readonly reportPath?: string | undefined;
  /** How a failure's place is named: by input line (files) or by profile number (the demo). */
  readonly place: 'line' | 'profile';
}

const MAX_MESSAGE = 160;

function clip(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text;
}

/** One failure on one line: where, who, why. */
export function failureLine(failure: CliFailure, place: SummaryOptions['place']): string {
  const where =
    place === 'line'
      ? failure.line === undefined
        ? 'line ?'
        : `line ${failure.line}`
      : failure.index === undefined
        ? 'profile ?'
        : `profile ${failure.index + 1}`;
  const who = failure.userId === undefined || failure.userId.trim() === '' ? '(no userId)' : failure.userId;
  const named = failure.field === undefined || failure.message.includes(failure.field);
  const field = named ? '' : ` [${failure.field}]`;
  return `${where}  ${who}  ${failure.reason}${field}: ${clip(failure.message)}`;
}

function row(label: string, value: number, detail = ''): string {
  return `  ${label.padEnd(10)}${count(value).padStart(12)}${detail ? `   ${detail}` : ''}`;
}

/**
 * The requests a sync sent and its rates over the sync's whole duration, on two lines: `21 requests
 * for 20 batches (1 retry, 1 rate limited)` and `4.1 requests/s · 3,767 profiles/s`. A rate is left
 * out when it would say nothing (see `rate`), and the second line when both are.
 */
export function traffic(report: CliSyncReport): string[] {
  const rates = [
    rateOf(report.requests, report.durationMs, 'requests'),
    rateOf(report.total - report.aborted, report.durationMs, 'profiles'),
  ].filter((part) => part !== undefined);
  return [
    `${plural(report.requests, 'request')} for ${plural(report.batches, 'batch', 'batches')} ` +
      `(${plural(report.retries, 'retry', 'retries')}, ${count(report.rateLimited)} rate limited)`,
    ...(rates.length > 0 ? [rates.join(' · ')] : []),
  ];
}

/** The lines of the summary printed after a sync. */
export function syncSummary(outcome: SyncOutcome, options: SummaryOptions): string[] {
  const { report, failures } = outcome;
  const took = duration(report.durationMs);
  const lines: string[] = [];
  if (report.interrupted) {
    lines.push(
      `Stopped after ${took}: ${count(report.succeeded)} of ${plural(report.total, 'profile')} read were ` +
        `${report.dryRun ? 'checked' : 'updated'}; ${count(report.aborted)} were not sent.`,
    );
  } else if (report.dryRun && report.unchanged > 0) {
    lines.push(
      `Dry run of ${report.source} in ${took}, nothing sent: ${count(report.succeeded + report.unchanged)} of ` +
        `${plural(report.total, 'profile')} are valid; ${count(report.succeeded)} changed and would go out in ` +
        `${plural(report.batches, 'request')}.`,
    );
  } else if (report.dryRun) {
    lines.push(
      `Dry run of ${report.source} in ${took}, nothing sent: ${count(report.succeeded)} of ` +
        `${plural(report.total, 'profile')} are valid and would go out in ${plural(report.batches, 'request')}.`,
    );
  } else {
    lines.push(
      `Synced ${report.source} in ${took}: ${count(report.succeeded)} of ${plural(report.total, 'profile')} updated` +
        (report.unchanged > 0 ? `, ${count(report.unchanged)} unchanged and not sent.` : '.'),
    );
  }
  const reasons = Object.entries(report.failuresByReason)
    .filter(([reason]) => reason !== 'validation')
    .map(([reason, n]) => `${reason} ${count(n ?? 0)}`)
    .join(' · ');
  lines.push(row(report.dryRun ? (report.unchanged > 0 ? 'to send' : 'valid') : 'updated', report.succeeded));
  if (report.unchanged > 0) lines.push(row('unchanged', report.unchanged, 'already held these values'));
  if (!report.dryRun) lines.push(row('failed', report.failed, reasons));
  const fields = [...failures.invalidByField]
    .sort((a, b) => b[1] - a[1])
    .map(([field, n]) => `${field} ${count(n)}`)
    .join(' · ');
  lines.push(row('invalid', report.invalid, fields));
  if (report.aborted > 0 || report.interrupted) lines.push(row('not sent', report.aborted));
  if (!report.dryRun) for (const line of traffic(report)) lines.push(`  ${line}`);
  if (report.createdFields.length > 0)
    lines.push(`  Iterable created the fields ${report.createdFields.join(', ')}.`);
  if (report.filteredOutFields.length > 0) {
    lines.push(
      `  Iterable dropped the fields ${report.filteredOutFields.join(', ')}: run \`fields --ensure\`.`,
    );
  }
  const samples = failures.samples;
  if (samples.length > 0) {
    lines.push(
      samples.length < failures.count
        ? `Some failures (${samples.length} of ${count(failures.count)}):`
        : 'Failures:',
    );
    for (const failure of samples) lines.push(`  ${failureLine(failure, options.place)}`);
  }
  if (options.reportPath !== undefined) {
    const where = options.reportPath === '-' ? 'written to stdout' : options.reportPath;
    lines.push(
      failures.count > 0
        ? `Report with all ${plural(failures.count, 'failure')}: ${where}`
        : `Report: ${where}`,
    );
  } else if (failures.count > samples.length) {
    lines.push('Pass --report FILE to get every failure as JSON.');
  }
  if (report.interrupted || report.inputError !== null) {
    lines.push(
      'Running the same sync again is safe: updates merge, so users already updated keep their values.',
    );
  }
  return lines;
}

/** Prints the summary of a sync to stdout (not with `--quiet`). */
export function printSyncSummary(output: Output, outcome: SyncOutcome, options: SummaryOptions): void {
  if (output.quiet) return;
  for (const line of syncSummary(outcome, options)) output.say(line);
}
