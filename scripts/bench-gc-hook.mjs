// Loaded with `node --expose-gc --import` into every server the bench starts (never into the
// service in production): the message 'gc' on the IPC channel the bench opens runs a full garbage
// collection and answers 'gc-done', so memory is sampled after it and not at whatever point the
// collector happened to be. (A signal would not do: close-with-grace shuts down on SIGUSR2.)
process.on('message', (message) => {
  if (message !== 'gc') return
  globalThis.gc?.()
  process.send?.('gc-done')
})
// The channel must not keep a server alive, nor stop one from exiting.
process.channel?.unref()
