// deploy/kubernetes/ checked without a cluster: every manifest validates against the Kubernetes API
// schemas that the kubernetes-models package ships (generated from Kubernetes' own OpenAPI
// document; nothing is downloaded), and agrees with the code, the Dockerfile and the compose file:
// ports, probe paths, environment names and values, drain timing, selectors.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { Deployment } from 'kubernetes-models/apps/v1'
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2'
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1'
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1'
import { Service } from 'kubernetes-models/v1'
import { parseAllDocuments } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EnvSchema, loadConfig } from '../../src/config.js'
import { buildTestApp } from '../helpers/app.js'

const DIR = 'deploy/kubernetes'
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1 Deployment': Deployment,
  'v1 Service': Service,
  'autoscaling/v2 HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1 PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1 NetworkPolicy': NetworkPolicy
}

interface Manifest {
  file: string
  apiVersion: string
  kind: string
  metadata: { name: string; labels?: Record<string, string> }
  spec: Record<string, unknown>
}

const manifests: Manifest[] = readdirSync(DIR)
  .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
  .flatMap((file) => parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).map((doc) => ({ file, ...(doc.toJS() as Omit<Manifest, 'file'>) })))
const byKind = (kind: string) => {
  const found = manifests.filter((m) => m.kind === kind)
  expect(found, kind).toHaveLength(1)
  return found[0]!
}

// The shapes the consistency checks read.
interface Container {
  name: string
  ports: { name: string; containerPort: number }[]
  env: { name: string; value: string }[]
  livenessProbe: { httpGet: { path: string; port: string }; periodSeconds: number; failureThreshold: number; timeoutSeconds: number }
  readinessProbe: { httpGet: { path: string; port: string }; periodSeconds: number; failureThreshold: number; timeoutSeconds: number }
  startupProbe?: { httpGet: { path: string; port: string } }
  resources: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } }
  securityContext: { readOnlyRootFilesystem: boolean; runAsNonRoot: boolean; allowPrivilegeEscalation: boolean }
  volumeMounts: { name: string; mountPath: string }[]
}
interface PodSpec {
  terminationGracePeriodSeconds: number
  securityContext: { runAsNonRoot: boolean; runAsUser: number }
  containers: Container[]
}
const deployment = () => byKind('Deployment') as Manifest & { spec: { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> }; spec: PodSpec } } }
const pod = () => deployment().spec.template.spec
const container = () => pod().containers[0]!
const env = () => Object.fromEntries(container().env.map((e) => [e.name, e.value]))
const mebibytes = (quantity: string) => Number(quantity.replace(/Mi$/, ''))

describe('Kubernetes manifests: API schemas', () => {
  it('holds a Deployment, Service, HorizontalPodAutoscaler, PodDisruptionBudget and NetworkPolicy, all listed in the kustomization', () => {
    expect(manifests.map((m) => m.kind).sort()).toEqual(['Deployment', 'HorizontalPodAutoscaler', 'NetworkPolicy', 'PodDisruptionBudget', 'Service'])
    const kustomization = parseAllDocuments(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8'))[0]!.toJS() as { resources: string[] }
    expect([...kustomization.resources].sort()).toEqual([...new Set(manifests.map((m) => m.file))].sort())
  })
  it.each(manifests.map((m) => [`${m.file}: ${m.kind}`, m] as const))('%s validates against its Kubernetes API schema', (_name, manifest) => {
    const Model = MODELS[`${manifest.apiVersion} ${manifest.kind}`]
    expect(Model, `${manifest.apiVersion} ${manifest.kind}`).toBeDefined()
    expect(() => new Model!(manifest as never).validate()).not.toThrow()
  })
  it('the schema check can fail: a wrongly typed field is refused', () => {
    const broken = structuredClone(deployment()) as unknown as { spec: { template: { spec: { containers: { ports: { containerPort: unknown }[] }[] } }; replicas: unknown } }
    broken.spec.template.spec.containers[0]!.ports[0]!.containerPort = 'three thousand'
    expect(() => new Deployment(broken as never).validate()).toThrow(/containerPort/)
    const missing = structuredClone(deployment()) as unknown as { spec: { selector?: unknown } }
    delete missing.spec.selector
    expect(() => new Deployment(missing as never).validate()).toThrow(/selector/)
  })
})

describe('Kubernetes manifests: consistent with the code, the Dockerfile and compose', () => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await buildTestApp()
  })
  afterAll(() => app.close())

  const compose = parseAllDocuments(readFileSync('docker-compose.yml', 'utf8'))[0]!.toJS() as { services: { estimator: { environment: Record<string, string> } } }
  const dockerfile = readFileSync('Dockerfile', 'utf8')

  it('listens on the port the code, the Dockerfile and the Service use', () => {
    const port = container().ports.find((p) => p.name === 'http')!
    expect(port.containerPort).toBe(loadConfig({}).port)
    expect(Number(env().PORT)).toBe(port.containerPort)
    expect(dockerfile).toContain(`EXPOSE ${port.containerPort}`)
    const service = byKind('Service') as Manifest & { spec: { ports: { targetPort: string }[]; selector: Record<string, string> } }
    expect(service.spec.ports[0]!.targetPort).toBe('http')
  })
  it('probes routes that answer 200: liveness and startup /healthz, readiness /readyz, on the named port', async () => {
    const c = container()
    expect(c.livenessProbe.httpGet.path).toBe('/healthz')
    expect(c.readinessProbe.httpGet.path).toBe('/readyz')
    for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe!]) {
      expect(probe.httpGet.port).toBe('http')
      expect((await app.inject({ url: probe.httpGet.path })).statusCode, probe.httpGet.path).toBe(200)
    }
  })
  it('sets only variables the service knows, with values it accepts', () => {
    const known = Object.keys(EnvSchema.properties)
    for (const name of Object.keys(env())) expect(known, name).toContain(name)
    expect(() => loadConfig(env())).not.toThrow()
    expect(loadConfig(env()).trustProxy.length).toBeGreaterThan(0)
  })
  it('drains within the termination grace period, and readiness notices within the readiness delay', () => {
    const config = loadConfig(env())
    expect(config.shutdownReadinessDelayMs).toBeGreaterThan(0)
    expect(pod().terminationGracePeriodSeconds * 1000).toBeGreaterThan(config.shutdownReadinessDelayMs + config.shutdownGraceMs)
    const probe = container().readinessProbe
    expect(probe.periodSeconds * probe.failureThreshold * 1000).toBeLessThan(config.shutdownReadinessDelayMs)
  })
  it('uses the same drain and shedding settings as the compose file', () => {
    for (const name of ['SHUTDOWN_READINESS_DELAY_MS', 'SHUTDOWN_GRACE_MS', 'MAX_EVENT_LOOP_DELAY_MS', 'HOST', 'PORT']) {
      expect(env()[name], name).toBe(String(compose.services.estimator.environment[name]))
    }
  })
  it('runs non-root as the image user, read-only, with /tmp writable', () => {
    expect(dockerfile).toMatch(/^USER node$/m)
    expect(pod().securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 })
    expect(container().securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false })
    expect(container().volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' })
  })
  it('requests and limits resources, the memory limit above the 230 MB peak measured by npm run soak', () => {
    const { requests, limits } = container().resources
    expect(requests.cpu).toBeDefined()
    expect(limits.cpu).toBeDefined()
    expect(mebibytes(limits.memory) * 1_048_576).toBeGreaterThan(230e6 * 1.5)
    expect(mebibytes(requests.memory) * 1_048_576).toBeGreaterThanOrEqual(230e6)
  })
  it('selects the Deployment pods from the Service, the PodDisruptionBudget and the autoscaler', () => {
    const labels = deployment().spec.template.metadata.labels
    expect(deployment().spec.selector.matchLabels).toEqual(labels)
    const service = byKind('Service') as Manifest & { spec: { selector: Record<string, string> } }
    expect(service.spec.selector).toEqual(labels)
    const budget = byKind('PodDisruptionBudget') as Manifest & { spec: { selector: { matchLabels: Record<string, string> }; minAvailable: number } }
    expect(budget.spec.selector.matchLabels).toEqual(labels)
    const autoscaler = byKind('HorizontalPodAutoscaler') as Manifest & { spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number; metrics: { resource: { name: string } }[] } }
    expect(autoscaler.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment().metadata.name })
    expect(autoscaler.spec.metrics[0]!.resource.name).toBe('cpu')
    // A disruption budget of one needs a second replica to be able to drain a node.
    expect(autoscaler.spec.minReplicas).toBeGreaterThan(budget.spec.minAvailable)
    // The autoscaler owns the replica count: a replicas field would reset it on every apply.
    expect(deployment().spec).not.toHaveProperty('replicas')
    const policy = byKind('NetworkPolicy') as Manifest & { spec: { podSelector: { matchLabels: Record<string, string> }; ingress: { ports: { port: string }[] }[] } }
    expect(policy.spec.podSelector.matchLabels).toEqual(labels)
    expect(policy.spec.ingress.flatMap((rule) => rule.ports.map((port) => port.port))).toEqual(['http'])
  })
  it('readiness tolerates a slow answer under load (one miss is not enough) and still notices the drain in time', () => {
    const probe = container().readinessProbe
    expect(probe.failureThreshold).toBeGreaterThan(1)
    expect(probe.timeoutSeconds).toBeGreaterThanOrEqual(3)
  })
  it('liveness does not restart a replica for being loaded: a timeout above the 6 s /healthz took under load, and about a minute of misses', () => {
    const probe = container().livenessProbe
    expect(probe.timeoutSeconds).toBeGreaterThan(6)
    expect(probe.periodSeconds * probe.failureThreshold).toBeGreaterThanOrEqual(60)
  })
})
