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

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const OUT_DIR = resolve(ROOT, 'dist')

/** Packages read from node_modules at run time instead of being bundled. */
export const EXTERNAL_PACKAGES = ['@fastify/swagger-ui']

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
    plugins: [sourceUrlPlugin],
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
