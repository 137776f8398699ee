// The problem document: its types, the status → type rule, and the body sendProblem() builds.
import Fastify from 'fastify'
import { afterAll, describe, expect, it } from 'vitest'
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, problemTypeOfStatus, sendProblem } from '../../src/plugins/problem-details.js'

describe('problemTypeOfStatus', () => {
  it('maps each status the service answers to its problem type; others are http-error', () => {
    expect(problemTypeOfStatus(404)).toBe('not-found')
    expect(problemTypeOfStatus(413)).toBe('payload-too-large')
    expect(problemTypeOfStatus(429)).toBe('too-many-requests')
    expect(problemTypeOfStatus(503)).toBe('unavailable')
    expect(problemTypeOfStatus(418)).toBe('http-error')
    for (const status of [404, 405, 408, 413, 414, 415, 422, 429, 431, 503, 418]) expect(PROBLEM_TYPES[problemTypeOfStatus(status)]).toBeDefined()
  })
})

describe('sendProblem', () => {
  const app = Fastify({ logger: false })
  app.get('/thing', (request, reply) => sendProblem(request, reply, 422, 'unprocessable', 'no such thing', [{ pointer: '/query/id', detail: 'unknown' }]))
  app.get('/plain', (request, reply) => sendProblem(request, reply, 404, 'not-found', 'gone', [], 'Custom title'))
  afterAll(() => app.close())

  it('writes an RFC 9457 body with the path (no query) as instance and the request id', async () => {
    const res = await app.inject({ url: '/thing?id=7' })
    expect(res.statusCode).toBe(422)
    expect(res.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE)
    expect(res.json()).toEqual({
      type: '/problems/unprocessable',
      title: PROBLEM_TYPES.unprocessable.title,
      status: 422,
      detail: 'no such thing',
      instance: '/thing',
      requestId: expect.any(String),
      errors: [{ pointer: '/query/id', detail: 'unknown' }]
    })
  })

  it('leaves out an empty errors list and takes a given title', async () => {
    const body = (await app.inject({ url: '/plain' })).json()
    expect(body).not.toHaveProperty('errors')
    expect(body.title).toBe('Custom title')
  })
})
