import type { Command } from 'commander';
import type { IntegrationReport } from '../../index.js';
import { cliWords } from '../cli-words.js';
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
import type { Interrupt } from '../interrupt.js';
import type { Output } from '../output.js';

/** The options of `check`. */
interface CheckFlags extends ConnectionFlags, OutputFlags {
  readonly testUserId: string;
}

const MARKS = { passed: 'passed ', failed: 'FAILED ', skipped: 'skipped' } as const;

/**
 * The exit code of an integration check: 0 when every step passed, 2 when the key or the region is
 * wrong (nothing can work until it is fixed), 1 when the fields or the round trip failed.
 */
export function checkExitCode(report: IntegrationReport): ExitCode {
  if (report.ok) return ExitCode.ok;
  const access = report.steps.filter((step) => step.name === 'api-key' || step.name === 'region');
  return access.some((step) => step.status === 'failed') ? ExitCode.fatal : ExitCode.problems;
}

async function check(flags: CheckFlags, context: CommandContext, output: Output, interrupt: Interrupt) {
  const apiKey = readApiKey(context.env);
  if (apiKey === undefined) throw missingApiKey();
  const client = createClient(flags, { apiKey, output, env: context.env });
  output.out(`Checking the integration with ${client.baseUrl} on test user ${flags.testUserId}:`);
  const report = await client.checkIntegration({ testUserId: flags.testUserId, signal: interrupt.signal });
  const width = Math.max(...report.steps.map((step) => step.name.length)) + 2;
  for (const step of report.steps)
    output.out(`  ${MARKS[step.status]}  ${step.name.padEnd(width)}${cliWords(step.message)}`);
  output.out(
    report.ok ? 'The integration works.' : 'The integration is not ready: see the failed step above.',
  );
  if (flags.json) {
    printJson(output, {
      ...report,
      steps: report.steps.map((step) => ({ ...step, message: cliWords(step.message) })),
    });
  }
  return checkExitCode(report);
}

/** Registers `check --test-user-id ID`. */
export function registerCheck(program: Command, context: CommandContext): void {
  const command = program
    .command('check')
    .summary('check the key, region, fields and a round trip on a test user')
    .description(
      'Checks the integration end to end (setup step 4): the API key is accepted, the region is right, ' +
        'the five fields exist as string, and values written to the test user read back unchanged. Only ' +
        'the test user is written. Exit 0 when every step passes, 2 when the key or region is wrong, ' +
        '1 when another step fails.',
    )
    .requiredOption('--test-user-id <id>', 'the user to write check values to and read back');
  addConnectionOptions(command);
  addJsonOption(command);
  addOutputOptions(command, { quiet: false }).addHelpText(
    'after',
    examples([
      ['check the integration on a test user', 'subsets-iterable check --test-user-id subsets-test'],
      [
        'the same for a project in the EU data center',
        'subsets-iterable check --test-user-id subsets-test --region eu',
      ],
      ['each step as JSON, for scripts', 'subsets-iterable check --test-user-id subsets-test --json'],
    ]),
  );
  command.action(async (flags: CheckFlags) => {
    await runCommand(context, flags, (output, interrupt) => check(flags, context, output, interrupt));
  });
}
