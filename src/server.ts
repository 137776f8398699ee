// Entry point: load configuration and catalog (refusing to start on bad ones), listen, and shut
// down gracefully on SIGTERM/SIGINT: drain readiness first, then let in-flight requests finish.
import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { CatalogError, loadCatalogSet } from './catalog/index.js'
import { ConfigError, loadConfig, misspeltVariables } from './config.js'
import { listenErrorLine } from './listen-error.js'

/** Writes the log lines still batched (src/plugins/log-destination.ts) now. */
const flushLog = (app: FastifyInstance) => (app.log as FastifyInstance['log'] & { flush?: () => void }).flush?.()

/** Beyond the readiness delay and the grace, the time close-with-grace waits before it kills the process itself. */
const LAST_RESORT_MS = 2000

async function main() {
  let config
  let catalogs
  try {
    config = loadConfig(process.env)
    catalogs = loadCatalogSet({ dir: config.catalogDir, overrideDir: config.catalogOverrideDir })
  } catch (err) {
    if (err instanceof ConfigError || err instanceof CatalogError) {
      console.error(`refusing to start: ${err.message}`)
      process.exit(1)
    }
    throw err
  }
  const app = await buildApp(config, { catalogs })
  // SIGTERM (an orchestrator or gateway stopping this replica): /readyz fails for
  // SHUTDOWN_READINESS_DELAY_MS while requests are still served, so traffic moves away before the
  // listener closes; then in-flight requests get SHUTDOWN_GRACE_MS to finish. SIGINT (Ctrl-C) and
  // fatal errors skip the readiness delay.
  const readinessDelayMs = config.shutdownReadinessDelayMs
  const graceMs = config.shutdownGraceMs
  // The grace is counted from the listener's close, whichever way the process stops (SIGINT has no
  // readiness delay to add); close-with-grace's own timer is only the last resort behind it.
  closeWithGrace({ delay: readinessDelayMs + graceMs + LAST_RESORT_MS }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an error')
    if (signal === 'SIGTERM' && readinessDelayMs > 0) {
      app.log.info({ signal, readinessDelayMs }, 'draining: /readyz answers 503 while requests are still served')
      app.drain.startDraining()
      await new Promise((resolve) => setTimeout(resolve, readinessDelayMs))
    }
    app.log.info({ signal, graceMs }, 'shutting down: listener closed, finishing in-flight requests')
    const timer = setTimeout(() => {
      app.log.error({ signal, graceMs }, 'in-flight requests did not finish within SHUTDOWN_GRACE_MS: exiting')
      flushLog(app)
      process.exit(1)
    }, graceMs)
    await app.close()
    clearTimeout(timer)
  })
  try {
    await app.listen({ host: config.host, port: config.port })
  } catch (err) {
    console.error(`refusing to start: ${listenErrorLine(err, config.host, config.port)}`)
    process.exit(1)
  }
  app.log.info({ catalogVersion: catalogs.defaultVersion, versions: catalogs.versions.map((v) => v.version) }, 'catalog loaded')
  for (const { name, didYouMean } of misspeltVariables(process.env)) app.log.warn({ variable: name, didYouMean }, `environment variable ${name} is not one the service reads (did you mean ${didYouMean}?): ignored`)
  // Log lines are written in batches (src/plugins/log-destination.ts): the start-up lines at once.
  flushLog(app)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
