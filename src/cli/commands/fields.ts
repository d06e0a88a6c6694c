import type { Command } from 'commander';
import { FieldSetupTimeoutError } from '../../errors/field-setup-timeout-error.js';
import {
  FieldCapacityError,
  FieldTypeConflictError,
  type IterableClient,
  SUBSETS_FIELDS,
} from '../../index.js';
import { type FieldStatus, fieldStatuses } from '../../setup/field-status.js';
import { wholeNumber } from '../arguments.js';
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
import { describeError } from '../errors.js';
import { examples } from '../examples.js';
import { ExitCode } from '../exit-codes.js';
import { count } from '../format.js';
import type { Interrupt } from '../interrupt.js';
import type { Output } from '../output.js';

/** The options of `fields`. */
interface FieldsFlags extends ConnectionFlags, OutputFlags {
  readonly ensure?: boolean;
  readonly setupUserId?: string;
  readonly dryRun?: boolean;
  readonly fieldLimit: number;
}

const NAME_WIDTH = Math.max(...SUBSETS_FIELDS.map((field) => field.name.length)) + 2;

function describeStatus(status: FieldStatus, dryRun: boolean): string {
  switch (status.status) {
    case 'ready':
      return 'ready';
    case 'created':
      return 'created';
    case 'missing':
      return dryRun ? 'missing: would be created' : 'missing';
    case 'conflict':
      return `CONFLICT: Iterable holds it as ${status.foundType}, it must be string`;
  }
}

/** The table of the five fields: name, type found, status. */
export function fieldTable(statuses: readonly FieldStatus[], dryRun = false): string[] {
  return statuses.map(
    (status) =>
      `  ${status.name.padEnd(NAME_WIDTH)}${(status.foundType ?? '-').padEnd(10)}${describeStatus(status, dryRun)}`,
  );
}

async function listFields(client: IterableClient, flags: FieldsFlags, output: Output, signal: AbortSignal) {
  const fields = await client.getFields({ signal });
  const statuses = fieldStatuses(fields);
  const total = Object.keys(fields).length;
  output.out(
    `Subsets fields in the Iterable project at ${client.baseUrl} ` +
      `(it holds ${count(total)} user fields; limit ${count(flags.fieldLimit)}):`,
  );
  for (const line of fieldTable(statuses)) output.out(line);
  if (flags.json) printJson(output, { baseUrl: client.baseUrl, fieldCount: total, fields: statuses });
  const missing = statuses.filter((s) => s.status === 'missing').length;
  const conflicts = statuses.filter((s) => s.status === 'conflict').length;
  if (missing === 0 && conflicts === 0) {
    output.out('All five fields are ready.');
    return ExitCode.ok;
  }
  if (missing > 0) {
    output.out(
      `${missing} missing: create them with \`subsets-iterable fields --ensure --setup-user-id ID\`.`,
    );
  }
  if (conflicts > 0) {
    output.out(
      `${conflicts} with the wrong type: Iterable's API cannot change a field's type; ask Iterable support to ` +
        'reset the field, or use a new project.',
    );
  }
  return ExitCode.problems;
}

async function ensure(client: IterableClient, flags: FieldsFlags, output: Output, signal: AbortSignal) {
  const setupUserId = flags.setupUserId;
  if (setupUserId === undefined) {
    throw new CliError(
      '--ensure needs --setup-user-id ID: the user that receives the placeholder values that create the fields',
    );
  }
  const dryRun = flags.dryRun ?? false;
  try {
    const report = await client.ensureFields({ setupUserId, dryRun, fieldLimit: flags.fieldLimit, signal });
    output.out(
      `${dryRun ? 'Dry run, nothing written: ' : ''}Subsets fields in the Iterable project at ${client.baseUrl} ` +
        `(it held ${count(report.fieldCount)} user fields; limit ${count(report.fieldLimit)}):`,
    );
    for (const line of fieldTable(report.fields, dryRun)) output.out(line);
    if (flags.json) printJson(output, { baseUrl: client.baseUrl, ...report });
    const created = report.fields.filter((s) => s.status === 'created').length;
    const missing = report.fields.filter((s) => s.status === 'missing').length;
    const conflicts = report.fields.filter((s) => s.status === 'conflict').length;
    if (dryRun) {
      if (conflicts > 0) output.out('Setup cannot go on: fix the type conflicts first (see above).');
      if (!report.hasRoom) output.out(`Not enough room: ${missing} fields to create would exceed the limit.`);
      if (conflicts > 0 || !report.hasRoom) return ExitCode.problems;
      output.out(
        missing > 0
          ? `Would create ${missing} field(s) by writing placeholders to user ${setupUserId}.`
          : 'Nothing to do: all five fields are ready.',
      );
      return ExitCode.ok;
    }
    output.out(
      created > 0
        ? `Created ${created} field(s) through user ${setupUserId}; all five are ready.`
        : 'Nothing to do: all five fields are ready.',
    );
    return ExitCode.ok;
  } catch (error) {
    if (
      error instanceof FieldTypeConflictError ||
      error instanceof FieldCapacityError ||
      error instanceof FieldSetupTimeoutError
    ) {
      output.error(describeError(error));
      return ExitCode.problems;
    }
    throw error;
  }
}

async function fields(flags: FieldsFlags, context: CommandContext, output: Output, interrupt: Interrupt) {
  if (!flags.ensure && flags.setupUserId !== undefined) {
    throw new CliError('--setup-user-id is used with --ensure only (fields --ensure --setup-user-id ID)');
  }
  const apiKey = readApiKey(context.env);
  if (apiKey === undefined) throw missingApiKey();
  const client = createClient(flags, { apiKey, output, env: context.env });
  return flags.ensure
    ? ensure(client, flags, output, interrupt.signal)
    : listFields(client, flags, output, interrupt.signal);
}

/** Registers `fields [--ensure --setup-user-id ID] [--dry-run]`. */
export function registerFields(program: Command, context: CommandContext): void {
  const command = program
    .command('fields')
    .summary('show the five Subsets fields, or create the missing ones')
    .description(
      'Without --ensure: lists the five Subsets fields and their status in the project, read-only ' +
        '(exit 1 when one is missing or has the wrong type). With --ensure: creates the missing fields, ' +
        'typed string, by writing placeholder values to one setup user (setup step 1); running it again ' +
        'writes nothing.',
    )
    .option('--ensure', 'create the missing fields')
    .option('--setup-user-id <id>', 'with --ensure: the user that receives the placeholder values')
    .option('--dry-run', 'with --ensure: say what would be done, write nothing')
    .option('--field-limit <n>', "the project's user field limit", wholeNumber(1), 1000);
  addConnectionOptions(command);
  addJsonOption(command);
  addOutputOptions(command, { quiet: false }).addHelpText(
    'after',
    examples([
      ['are the five fields there? (read-only)', 'subsets-iterable fields'],
      [
        'what --ensure would do, writing nothing',
        'subsets-iterable fields --ensure --setup-user-id subsets-setup --dry-run',
      ],
      ['create the missing fields', 'subsets-iterable fields --ensure --setup-user-id subsets-setup'],
    ]),
  );
  command.action(async (flags: FieldsFlags) => {
    await runCommand(context, flags, (output, interrupt) => fields(flags, context, output, interrupt));
  });
}
