// The page's only way to the service: its own API, same origin. Callers name API routes
// ('/estimate'); they are requested relative to the page, so behind a gateway that publishes the
// service under a path prefix (/llm-calc/) the calls stay under that prefix.

/** An API route as a URL relative to the page: '/estimate' -> 'estimate'. */
export function routeUrl(route) {
  return route.replace(/^\/+/, '')
}

export async function getJson(route) {
  const response = await fetch(routeUrl(route))
  if (!response.ok) throw new Error(`${route}: ${response.status}`)
  return response.json()
}

/** POSTs a JSON body; the answer or the problem document, with the status. */
export async function postJson(route, body) {
  const response = await fetch(routeUrl(route), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { ok: response.ok, status: response.status, data: await response.json() }
}
