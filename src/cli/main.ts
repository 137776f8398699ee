#!/usr/bin/env node
// llm-calc: the calculator on the command line, calling the estimator directly (no server).
// Requests are validated with the API's schemas, so --json prints exactly what the API answers.
import { Command, CommanderError } from 'commander'
import { EstimateError } from '../estimator/index.js'
import { SERVICE_VERSION } from '../version.js'
import { runCompare, runEstimate, runHardware, runModels, type Print } from './commands.js'
import { flagFor, optionsFor, UsageError, valuesOf, type CommandName } from './flags.js'

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
        if (problem) throw new UsageError(`${flagFor(problem.pointer, name)}: ${problem.detail}`)
        throw err
      }
    })
  }
  return program
}

/** Runs the CLI; returns the exit code (0 ok, 2 bad flags or a request that cannot be answered). */
export async function main(argv: string[], print: Print = (text) => process.stdout.write(`${text}\n`), printError: Print = (text) => process.stderr.write(`${text}\n`)): Promise<number> {
  const program = buildProgram(print, () => undefined)
  // A first word that is neither a flag nor a command would reach the default command (estimate) as
  // an extra argument ("too many arguments for 'estimate'"): say it is not a command.
  const first = argv[0]
  if (first !== undefined && !first.startsWith('-') && !(first in COMMANDS) && first !== 'help') {
    printError(`error: unknown command '${first}' (commands: ${Object.keys(COMMANDS).join(', ')}; estimate is the default)`)
    return 2
  }
  try {
    await program.parseAsync(argv, { from: 'user' })
    return 0
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0
      printError(err.message.split('\n')[0]!)
      return 2
    }
    if (err instanceof UsageError) {
      printError(`error: ${err.message}`)
      return 2
    }
    if (err instanceof EstimateError) {
      const problem = err.errors[0]
      printError(`error: ${problem ? `${flagFor(problem.pointer)}: ${problem.detail}` : err.message}`)
      return 2
    }
    throw err
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
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
