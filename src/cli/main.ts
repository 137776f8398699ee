#!/usr/bin/env node
// llm-calc: the calculator on the command line, calling the estimator directly (no server).
// Requests are validated with the API's schemas, so --json prints exactly what the API answers.
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Command, CommanderError } from 'commander'
import { EstimateError } from '../estimator/index.js'
import { SERVICE_VERSION } from '../version.js'
import { runCompare, runEstimate, runHardware, runModels, type Print } from './commands.js'
import { flagFor, inFlagTerms, optionsFor, UsageError, valuesOf, type CommandName } from './flags.js'

const COMMANDS: Record<CommandName, { description: string; run: (values: Record<string, unknown>, print: Print) => void }> = {
  estimate: { description: 'estimate one configuration (same answer as POST /estimate); the default command', run: runEstimate },
  compare: { description: 'compare models × hardware × precisions for one workload (same answer as POST /compare)', run: runCompare },
  models: { description: 'list catalog models (same filters as GET /models)', run: runModels },
  hardware: { description: 'list catalog hardware (same filters as GET /hardware)', run: runHardware }
}

export function buildProgram(print: Print, printError: Print): Command {
  const program = new Command('llm-calc')
    .description('Estimate memory, latency, throughput and cost of running LLMs (no server needed).')
    .exitOverride()
    .configureOutput({ writeOut: (text) => print(text.trimEnd()), writeErr: (text) => printError(text.trimEnd()) })
    .showSuggestionAfterError(true)
    // Commander wraps a flag's description only when at least 40 columns are left beside the flags;
    // compare's longest flag leaves 39 of 80, so its help ran past 80 columns while estimate's wrapped.
    // Every command's help (each inherits this) wraps down to 20.
    .configureHelp({ minWidthToWrap: 20 })
    .version(SERVICE_VERSION, '-V, --version', 'print the version')
  for (const [name, { description, run }] of Object.entries(COMMANDS) as [CommandName, (typeof COMMANDS)[CommandName]][]) {
    // `estimate` is the default: the seed calculator's flags work without a subcommand.
    const command = program.command(name, { isDefault: name === 'estimate' }).description(description)
    for (const option of optionsFor(name)) command.addOption(option)
    command.action((parsed: Record<string, unknown>) => {
      try {
        run(valuesOf(name, parsed), print)
      } catch (err) {
        // The estimator's problem names a request field; say it as this command's flag.
        const problem = err instanceof EstimateError ? err.errors[0] : undefined
        if (problem) throw new UsageError(`${flagFor(problem.pointer, name)}: ${inFlagTerms(problem.detail, name)}`)
        throw err
      }
    })
  }
  return program
}

/** Runs the CLI; returns the exit code (0 ok, 2 bad flags or a request that cannot be answered, 1 an environment that fails, such as an unreadable catalog override). */
export async function main(argv: string[], print: Print = (text) => process.stdout.write(`${text}\n`), printError: Print = (text) => process.stderr.write(`${text}\n`)): Promise<number> {
  const program = buildProgram(print, () => undefined)
  // A first word that is neither a flag nor a command would reach the default command (estimate) as
  // an extra argument ("too many arguments for 'estimate'"): say it is not a command.
  // `help <word>` asks for a command's help: the word must be a command too.
  const first = argv[0]
  const named = first === 'help' ? argv[1] : first
  if (named !== undefined && !named.startsWith('-') && !Object.hasOwn(COMMANDS, named)) {
    printError(`error: unknown command '${named}' (commands: ${Object.keys(COMMANDS).join(', ')}; estimate is the default)`)
    return 2
  }
  try {
    await program.parseAsync(argv, { from: 'user' })
    return 0
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0
      // One line: commander puts its "(Did you mean --concurrency?)" on a line of its own.
      printError(err.message.split('\n').map((line) => line.trim()).filter(Boolean).join(' '))
      return 2
    }
    if (err instanceof UsageError) {
      printError(`error: ${err.message}`)
      return 2
    }
    if (err instanceof EstimateError) {
      const problem = err.errors[0]
      printError(`error: ${problem ? `${flagFor(problem.pointer)}: ${inFlagTerms(problem.detail)}` : inFlagTerms(err.message)}`)
      return 2
    }
    // Anything else is the environment's, not the flags' (a catalog override that cannot be read):
    // one line and exit 1, no stack trace.
    printError(`error: ${(err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim()}`)
    return 1
  }
}

/**
 * Whether this module is the program being run. `argv1` is the path the program was started by,
 * which an npm-installed bin reaches through a symlink (node_modules/.bin/llm-calc), while the
 * module's URL names the real file: compare real paths.
 */
export function isProgram(moduleUrl: string, argv1: string | undefined): boolean {
  if (!argv1) return false
  try {
    return realpathSync(argv1) === realpathSync(fileURLToPath(moduleUrl))
  } catch {
    return false
  }
}

if (isProgram(import.meta.url, process.argv[1])) {
  // A reader that stops early (`llm-calc models --json | head -1`) closes the pipe: the rest of the
  // output has nowhere to go, which is not an error of the command.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0)
    throw err
  })
  // exitCode, not process.exit(): writes to a pipe are asynchronous, and exiting at once would cut
  // a large --json answer at the pipe's buffer size (64 KiB). Node exits once stdout has drained.
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code
  })
}
