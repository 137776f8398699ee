// The one delay a refused client is told to wait (Retry-After, seconds), whatever refused it: a
// draining replica (another replica usually answers at once), load shedding, or too many unread
// answers (a second lets the event loop or the sockets catch up). The rate limiter sets its own,
// from its window.
export const RETRY_AFTER_SECONDS = 1
