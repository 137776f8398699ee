// Slow and numerous clients against a real listening server, and start-up failures of the real
// process: a dripping body is cut by the request timeout, slow headers by the headers timeout,
// connections beyond the cap are closed, keep-alive outlasts a gateway's idle timeout, and a port
// in use or a bad TRUST_PROXY ends the process with one line and exit code 1.
import { spawn } from 'node:child_process'
import { connect, createServer, type AddressInfo, type Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from './helpers/app.js'

const REQUEST_TIMEOUT_MS = 1000
const HEADERS_TIMEOUT_MS = 600

let app: FastifyInstance
let port: number
beforeAll(async () => {
  app = await buildTestApp({ REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS), HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS) })
  await app.listen({ host: '127.0.0.1', port: 0 })
  port = (app.server.address() as AddressInfo).port
})
afterAll(async () => app.close())

/** Opens a socket, writes `head`, then one byte of `drip` every `everyMs`; resolves with what came back and when the server closed. */
function drip(head: string, drip: string, everyMs: number): Promise<{ answer: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const socket = connect(port, '127.0.0.1')
    let answer = ''
    let sent = 0
    socket.on('connect', () => socket.write(head))
    const timer = setInterval(() => {
      if (sent < drip.length && !socket.destroyed) socket.write(drip[sent++]!)
    }, everyMs)
    socket.on('data', (d) => (answer += d.toString()))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      clearInterval(timer)
      resolve({ answer, closedAfterMs: performance.now() - started })
    })
    setTimeout(() => {
      clearInterval(timer)
      socket.destroy()
      reject(new Error(`not cut after 10 s; got: ${answer}`))
    }, 10_000)
  })
}

function problemOf(answer: string) {
  const [head, body] = answer.split('\r\n\r\n')
  return { statusLine: head!.split('\r\n')[0], head: head!.toLowerCase(), problem: JSON.parse(body!) as Record<string, unknown> }
}

describe('slow clients', () => {
  it('a body sent one byte at a time is cut by the request timeout with a 408 problem', async () => {
    const body = JSON.stringify({ model: '7b', hardware: 'a100-80gb', promptTokens: 100, outputTokens: 10 })
    const head = `POST /estimate HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`
    const { answer, closedAfterMs } = await drip(head, body, 150)
    console.warn(`dripping body cut after ${closedAfterMs.toFixed(0)} ms (REQUEST_TIMEOUT_MS=${REQUEST_TIMEOUT_MS})`)
    const { statusLine, head: headers, problem } = problemOf(answer)
    expect(statusLine).toBe('HTTP/1.1 408 Request Timeout')
    expect(headers).toContain('content-type: application/problem+json')
    expect(headers).toMatch(/x-request-id: [0-9a-f-]{36}/)
    expect(headers).toContain('x-content-type-options: nosniff')
    expect(headers).toContain('connection: close')
    expect(problem).toMatchObject({ type: '/problems/request-timeout', status: 408 })
    // Node checks every quarter of the shorter timeout, so the cut comes at 1-1.25 × the timeout
    // (plus scheduling on a busy machine); the body would have taken 150 ms × its length.
    expect(closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50)
    expect(closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS * 2.5)
    expect(closedAfterMs).toBeLessThan(150 * body.length)
  })

  it('headers sent one byte at a time are cut by the headers timeout', async () => {
    const head = 'GET /models HTTP/1.1\r\nHost: test\r\nX-Padding: ' + 'a'.repeat(200) + '\r\n\r\n'
    const { answer, closedAfterMs } = await drip('', head, 50)
    expect(problemOf(answer).statusLine).toBe('HTTP/1.1 408 Request Timeout')
    expect(closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50)
    expect(closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS * 2)
  })

  it('oversized headers and broken HTTP get problem documents too (431, 400)', async () => {
    const big = await drip(`GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, '', 1000)
    const oversized = problemOf(big.answer)
    expect(oversized.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large')
    expect(oversized.problem).toMatchObject({ type: '/problems/headers-too-large', status: 431 })
    const broken = problemOf((await drip('NOT HTTP AT ALL\r\n\r\n', '', 1000)).answer)
    expect(broken.statusLine).toBe('HTTP/1.1 400 Bad Request')
    expect(broken.head).toContain('content-type: application/problem+json')
  })

  it('a connection that sends nothing is closed after the headers timeout', async () => {
    const { answer, closedAfterMs } = await drip('', '', 1000)
    expect(problemOf(answer).statusLine).toBe('HTTP/1.1 408 Request Timeout')
    expect(closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50)
  })

  it('kept-alive connections advertise an idle timeout above a gateway\'s 60 s', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`)
    expect(res.status).toBe(200)
    const keepAlive = res.headers.get('keep-alive') ?? ''
    expect(Number(/timeout=(\d+)/.exec(keepAlive)?.[1])).toBeGreaterThan(60)
  })
})

describe('connection cap', () => {
  it('closes connections beyond MAX_CONNECTIONS at once and accepts again when one leaves', async () => {
    // Default timeouts here, so the idle connections holding the cap are not cut meanwhile.
    const capped = await buildTestApp({ MAX_CONNECTIONS: '6' })
    await capped.listen({ host: '127.0.0.1', port: 0 })
    const port = (capped.server.address() as AddressInfo).port
    const open: Socket[] = []
    const opened = (s: Socket) => new Promise<void>((resolve) => s.on('connect', () => resolve()))
    for (let i = 0; i < 6; i++) {
      const s = connect(port, '127.0.0.1')
      s.on('error', () => undefined)
      await opened(s)
      open.push(s)
    }
    // Let the server register them all before the seventh arrives.
    await new Promise((resolve) => setTimeout(resolve, 100))
    const extra = connect(port, '127.0.0.1')
    extra.on('error', () => undefined)
    const outcome = await new Promise<string>((resolve) => {
      extra.on('close', () => resolve('closed'))
      extra.on('connect', () => extra.write('GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n'))
      extra.on('data', () => resolve('answered'))
      setTimeout(() => resolve('hanging'), 3000)
    })
    expect(outcome).toBe('closed')
    open.pop()!.destroy()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect((await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { connection: 'close' } })).status).toBe(200)
    for (const s of open) s.destroy()
    await capped.close()
  })
})

describe('requests per kept-alive connection', () => {
  it('after MAX_REQUESTS_PER_SOCKET answers the connection is closed (Connection: close on the last)', async () => {
    const limited = await buildTestApp({ MAX_REQUESTS_PER_SOCKET: '2' })
    await limited.listen({ host: '127.0.0.1', port: 0 })
    const port = (limited.server.address() as AddressInfo).port
    const answers = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      let text = ''
      const get = 'GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n'
      socket.on('connect', () => socket.write(get))
      socket.on('data', (d) => {
        text += d.toString()
        if ((text.match(/HTTP\/1\.1 200/g) ?? []).length === 1 && !text.includes('#second')) {
          text += '#second'
          socket.write(get)
        }
      })
      socket.on('close', () => resolve(text))
      setTimeout(() => resolve(`${text}#still open after 5 s`), 5000)
    })
    expect(answers).not.toContain('#still open')
    const [first, second] = answers.split('#second')
    expect(first!.toLowerCase()).toContain('connection: keep-alive')
    expect(second!.toLowerCase()).toContain('connection: close')
    await limited.close()
  })
})

function runServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

describe('start-up failures of the process', () => {
  it('a port in use: one line, exit 1, no stack', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const taken = (blocker.address() as AddressInfo).port
    const { code, output } = await runServer({ PORT: String(taken), HOST: '127.0.0.1' })
    blocker.close()
    expect(code).toBe(1)
    expect(output.trim()).toBe(`refusing to start: port ${taken} on 127.0.0.1 is already in use (EADDRINUSE); stop the other process or set PORT`)
  })
  it('a malformed TRUST_PROXY or HOST: named, exit 1, no TypeError stack', async () => {
    const { code, output } = await runServer({ TRUST_PROXY: '999.1.1.1,10.0.0.0/99', HOST: '999.1.1.1', PORT: '0' })
    expect(code).toBe(1)
    expect(output).toContain('TRUST_PROXY: "999.1.1.1"')
    expect(output).toContain('TRUST_PROXY: "10.0.0.0/99"')
    expect(output).toContain('HOST="999.1.1.1"')
    expect(output).not.toMatch(/TypeError|\n\s+at /)
  })
})
