import { type Command, Option } from 'commander';
import { startFakeIterable } from '../../testing/server.js';
import type { FakeIterableProjectType, FakeIterableRequest } from '../../testing/types.js';
import { wholeNumber } from '../arguments.js';
import { CliError } from '../cli-error.js';
import { type CommandContext, type OutputFlags, runCommand } from '../command-context.js';
import { examples } from '../examples.js';
import { ExitCode } from '../exit-codes.js';
import { count } from '../format.js';
import type { Interrupt } from '../interrupt.js';
import type { Output } from '../output.js';

/** The options of `stand-in`. */
interface StandInFlags extends OutputFlags {
  readonly port: number;
  readonly rateLimits: boolean;
  readonly projectType: FakeIterableProjectType;
  readonly fieldLimit: number;
}

/** One received request as a line: `POST /api/users/bulkUpdate → 200`. */
export function requestLine(request: FakeIterableRequest): string {
  const status = request.status === undefined ? 'no answer' : String(request.status);
  const fault = request.fault === undefined ? '' : ` (fault: ${request.fault})`;
  return `${request.method} ${request.path}${request.search} → ${status}${fault}`;
}

async function standIn(flags: StandInFlags, output: Output, interrupt: Interrupt): Promise<ExitCode> {
  let iterable: Awaited<ReturnType<typeof startFakeIterable>>;
  try {
    iterable = await startFakeIterable({
      port: flags.port,
      rateLimits: flags.rateLimits,
      projectType: flags.projectType,
      fieldLimit: flags.fieldLimit,
      recordRequests: 'metadata',
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? `port ${flags.port} is in use` : (error as Error).message;
    throw new CliError(`cannot start the stand-in: ${reason}`, undefined, { cause: error });
  }
  output.out(`Iterable stand-in listening at ${iterable.url}`);
  output.out(`API key: ${iterable.apiKey}`);
  output.out(
    flags.rateLimits
      ? "Rate limits on, as Iterable's: bulkUpdate 5 requests/s, getFields 3/s (--no-rate-limits turns them off)."
      : 'Rate limits off.',
  );
  output.out('Point the CLI at it, in another terminal:');
  output.out(`  export ITERABLE_API_KEY=${iterable.apiKey} ITERABLE_BASE_URL=${iterable.url}`);
  output.out('  subsets-iterable fields --ensure --setup-user-id subsets-setup');
  output.out('  subsets-iterable sync profiles.ndjson');
  output.out('Press Ctrl-C to stop.');

  let shown = 0;
  const showRequests = () => {
    const { requests } = iterable;
    for (; shown < requests.length; shown += 1) {
      const request = requests[shown];
      if (request !== undefined) output.note(requestLine(request));
    }
  };
  const timer = setInterval(showRequests, 250);
  await new Promise<void>((resolve) => {
    if (interrupt.signal.aborted) resolve();
    else interrupt.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  clearInterval(timer);
  showRequests();
  await iterable.close();
  output.out(
    `Stand-in stopped after ${count(iterable.requests.length)} requests; it held ${count(iterable.users.size)} users.`,
  );
  return ExitCode.ok;
}

/** Registers `stand-in [--port N]`. */
export function registerStandIn(program: Command, context: CommandContext): void {
  const command = program
    .command('stand-in')
    .summary('run a local Iterable stand-in to try the CLI against')
    .description(
      "Runs a local HTTP server that behaves like Iterable's user endpoints (auth, field typing, " +
        'userId rules, failedUpdates, rate limits), prints its URL and API key, and the environment to ' +
        'point the CLI at it. Each request it receives is printed. Runs until Ctrl-C; it keeps its ' +
        'users in memory only.',
    )
    .option('--port <n>', 'TCP port (0 picks a free one)', wholeNumber(0, 65_535), 0)
    .option('--no-rate-limits', "answer every request instead of Iterable's 429s above its rate limits")
    .addOption(
      new Option('--project-type <type>', 'how the project identifies users')
        .choices(['userId', 'email', 'hybrid'])
        .default('userId'),
    )
    .option('--field-limit <n>', 'the most user fields the project may have', wholeNumber(1), 1000);
  command.option('-q, --quiet', 'do not print each request received').addHelpText(
    'after',
    examples([
      ['a stand-in on a fixed port', 'subsets-iterable stand-in --port 4010'],
      [
        'without rate limits, for an email-based project',
        'subsets-iterable stand-in --no-rate-limits --project-type email',
      ],
    ]),
  );
  command.action(async (flags: StandInFlags) => {
    await runCommand(context, flags, (output, interrupt) => standIn(flags, output, interrupt));
  });
}
