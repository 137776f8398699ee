// Lints the Dockerfile with dockerfile-utils (the validator behind VS Code's Docker support);
// exits 1 on any error or warning, since Docker itself is not available on these machines.
import { readFileSync } from 'node:fs'
import { validate } from 'dockerfile-utils'

const file = process.argv[2] ?? 'Dockerfile'
const text = readFileSync(file, 'utf8')
const problems = validate(text, {})
for (const p of problems) {
  const severity = p.severity === 1 ? 'error' : 'warning'
  console.error(`${file}:${p.range.start.line + 1}:${p.range.start.character + 1} ${severity}: ${p.message}`)
}
if (problems.length > 0) process.exit(1)
console.log(`${file}: no problems`)
