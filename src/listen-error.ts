// One line that says why the server could not listen, for an operator reading container logs.
// Node's own error for a port in use is a stack trace that buries the port and the address.

/** What went wrong when listening on host:port, in words; the error's own message when the code is unknown. */
export function listenErrorLine(err: unknown, host: string, port: number): string {
  const code = (err as { code?: string } | null)?.code
  const message = err instanceof Error ? err.message : String(err)
  switch (code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use (EADDRINUSE); stop the other process or set PORT`
    case 'EACCES':
      return `no permission to listen on port ${port} on ${host} (EACCES); ports below 1024 need privileges, set PORT`
    case 'EADDRNOTAVAIL':
      return `HOST=${host} is not an address of this machine (EADDRNOTAVAIL); use 0.0.0.0, :: or one of its addresses`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `HOST=${host} cannot be resolved (${code}); use an IP address or a resolvable host name`
    default:
      return `cannot listen on ${host}:${port}: ${message}`
  }
}
