// npm run build: bundles the server (dist/server.js) and the CLI (dist/cli/main.js) with esbuild.
// One file per program loads in a few milliseconds where the compiled tree took ~700 module files
// (TypeBox alone is hundreds of ESM files): it halves the cold start and trims idle memory.
// Type checking stays with `npm run typecheck` (tsc); esbuild only strips the types.
//
// Two details make one file behave like the source tree:
// - a path made from `import.meta.url` in a source file is resolved from the URL that file has
//   beside the bundle (dist/../src/...), so `new URL('../../catalog/', import.meta.url)` and
//   friends still reach catalog/, public/ and package.json, from a checkout or the image's /app.
// - CommonJS dependencies call require() for Node built-ins; an ES module bundle has no require,
//   so the banner makes one.
// @fastify/swagger-ui stays external: it serves Swagger UI's files from its own package folder, and
// is imported on the first request to /docs (src/plugins/docs-ui.ts), not at start.
import { build } from 'esbuild'
import { readFile } from 'node:fs/promises'
import { relative, dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const OUT_DIR = resolve(ROOT, 'dist')

/** Packages read from node_modules at run time instead of being bundled. */
export const EXTERNAL_PACKAGES = ['@fastify/swagger-ui']

/**
 * Packages that a dependency requires when it loads but calls only for features we do not use,
 * each with the dependency requiring it and what it calls. Bundled, they were parsed and run at
 * every start (glob with path-scurry, lru-cache and minipass ~13 ms of CPU and ~115 KB; yaml
 * ~160 KB; debug with supports-color and tty ~5-15 ms); here that dependency gets stand-ins of
 * the same shape that require the real package from node_modules on their first call, so nothing
 * changes if one is ever called.
 * - @fastify/static calls glob() only for `wildcard: false`, which src/routes/ui.ts does not set.
 * - @fastify/swagger calls yaml only for swagger({ yaml: true }) and file-based specs; neither is
 *   used (Swagger UI's /docs/yaml converts the document with its own copy of yaml).
 * - json-schema-resolver (under @fastify/swagger) makes one debug logger at load and calls it
 *   while building the document, which prints only when DEBUG names it.
 * - prom-client's process CPU metric reads @opentelemetry/api's trace and context only for
 *   exemplars, which fastify-metrics does not enable (~43 KB).
 */
export const LAZY_REQUIRES = {
  glob: { importer: /[\\/]node_modules[\\/]@fastify[\\/]static[\\/]/, functions: ['glob'] },
  yaml: { importer: /[\\/]node_modules[\\/]@fastify[\\/]swagger[\\/]/, functions: ['stringify', 'parse'] },
  debug: { importer: /[\\/]node_modules[\\/]json-schema-resolver[\\/]/, loggerFactory: true },
  '@opentelemetry/api': { importer: /[\\/]node_modules[\\/]prom-client[\\/]/, properties: ['trace', 'context'] }
}

/** The stand-in module for a package of LAZY_REQUIRES. */
function lazyModuleSource(name) {
  const { functions, loggerFactory, properties } = LAZY_REQUIRES[name]
  const lines = ['let loaded', `const real = () => (loaded ??= require(${JSON.stringify(name)}))`]
  // debug(namespace) returns the logger function; the stand-in makes the real one on its first call.
  if (loggerFactory) lines.push('module.exports = (namespace) => {', '  let logger', '  return (...args) => (logger ??= real()(namespace))(...args)', '}')
  for (const functionName of functions ?? []) lines.push(`exports.${functionName} = (...args) => real().${functionName}(...args)`)
  for (const property of properties ?? []) lines.push(`Object.defineProperty(exports, ${JSON.stringify(property)}, { enumerable: true, get: () => real()[${JSON.stringify(property)}] })`)
  return lines.join('\n')
}

const lazyRequirePlugin = {
  name: 'lazy-require',
  setup(builder) {
    const names = Object.keys(LAZY_REQUIRES)
    const escaped = names.map((name) => name.replace(/[/@.]/g, (character) => `\\${character}`))
    builder.onResolve({ filter: new RegExp(`^(${escaped.join('|')})$`) }, (args) => {
      if (args.namespace === 'lazy-require') return { path: args.path, external: true }
      return LAZY_REQUIRES[args.path].importer.test(args.importer) ? { path: args.path, namespace: 'lazy-require' } : undefined
    })
    builder.onLoad({ filter: /.*/, namespace: 'lazy-require' }, (args) => ({ contents: lazyModuleSource(args.path), loader: 'js' }))
  }
}

/**
 * In our own source files, `new URL(path, import.meta.url)` and `createRequire(import.meta.url)`
 * get that file's URL relative to the output file instead of the bundle's. A bare
 * `import.meta.url` (the CLI asking whether it is the program being run) keeps the bundle's.
 */
const sourceUrlPlugin = {
  name: 'source-import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8')
      // The URL of dist/ comes from the banner, so this holds at any depth below dist/.
      const sourceUrl = `new URL(${JSON.stringify(relative(OUT_DIR, args.path).split('\\').join('/'))}, __distUrl).href`
      const contents = source
        .replace(/new URL\(([^()]*?),\s*import\.meta\.url\)/g, (_match, path) => `new URL(${path}, ${sourceUrl})`)
        .replace(/createRequire\(import\.meta\.url\)/g, `createRequire(${sourceUrl})`)
      return { contents, loader: 'ts' }
    })
  }
}

const bundle = (entry, outfile, distFromOutput) =>
  build({
    entryPoints: [resolve(ROOT, entry)],
    outfile: resolve(ROOT, outfile),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    legalComments: 'linked',
    minifyWhitespace: true,
    minifySyntax: true,
    external: EXTERNAL_PACKAGES,
    plugins: [sourceUrlPlugin, lazyRequirePlugin],
    banner: {
      js: [
        "import { createRequire as __createRequire } from 'node:module';",
        'const require = __createRequire(import.meta.url);',
        `const __distUrl = new URL(${JSON.stringify(distFromOutput)}, import.meta.url);`
      ].join('\n')
    },
    logLevel: 'warning'
  })

await bundle('src/server.ts', 'dist/server.js', './')
await bundle('src/cli/main.ts', 'dist/cli/main.js', '../')

// The bundles require these packages on first call: they must be reachable from dist/ and still
// have the functions the shims forward to (a major version could rename them).
const requireFromDist = createRequire(resolve(OUT_DIR, 'server.js'))
for (const [name, { functions, loggerFactory, properties }] of Object.entries(LAZY_REQUIRES)) {
  const real = requireFromDist(name)
  if (loggerFactory && typeof real('build') !== 'function') throw new Error(`build: ${name}(namespace) does not return a logger function, which the bundle expects`)
  for (const property of properties ?? []) if (real[property] === undefined) throw new Error(`build: ${name} has no ${property}, which the bundle reads on first use`)
  for (const functionName of functions ?? []) if (typeof real[functionName] !== 'function') throw new Error(`build: ${name} has no function ${functionName}, which the bundle calls on first use`)
}
