import { Command } from 'commander';
import type { CommandContext } from './command-context.js';
import { registerCheck } from './commands/check.js';
import { registerDemo } from './commands/demo.js';
import { registerFields } from './commands/fields.js';
import { registerStandIn } from './commands/stand-in.js';
import { registerSync } from './commands/sync.js';
import { examples } from './examples.js';
import { VERSION } from './version.js';

const FOOTER = `
Environment:
  ITERABLE_API_KEY   the project's server-side API key (required; never a flag)
  ITERABLE_BASE_URL  another API host, the same as --base-url

Exit codes:
  0    everything done: every user synced, every field ready, every check passed
  1    done, with problems: some users failed or were invalid, a field is missing, a check failed
  2    usage error, or a fatal one: no or wrong API key, wrong region, unreadable input
  130  stopped by Ctrl-C (what was done is reported; running the sync again is safe)

Run \`subsets-iterable <command> --help\` for a command's options.
${examples([
  ['try everything against a local stand-in, no API key needed', 'subsets-iterable demo'],
  [
    'set up a project, then sync a file',
    'subsets-iterable fields --ensure --setup-user-id subsets-setup\n  $ subsets-iterable sync profiles.ndjson',
  ],
])}`;

/**
 * The `subsets-iterable` program with its five commands. Errors of its own (an unknown option, a
 * missing argument) are thrown as commander errors instead of exiting, so the caller sets the exit
 * code; each command stores its exit code in `context`.
 */
export function createProgram(context: CommandContext): Command {
  const program = new Command('subsets-iterable')
    .description('Write Subsets churn predictions and experiment assignments into Iterable user profiles.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print help')
    .helpCommand(false)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.streams.stdout.write(text),
      writeErr: (text) => context.streams.stderr.write(text),
    })
    .addHelpText('after', FOOTER);
  registerSync(program, context);
  registerFields(program, context);
  registerCheck(program, context);
  registerStandIn(program, context);
  registerDemo(program, context);
  return program;
}
