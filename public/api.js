// The page's only way to the service: its own API, same origin.

export async function getJson(url) {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`${url}: ${response.status}`)
  return response.json()
}

/** POSTs a JSON body; the answer or the problem document, with the status. */
export async function postJson(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { ok: response.ok, status: response.status, data: await response.json() }
}
