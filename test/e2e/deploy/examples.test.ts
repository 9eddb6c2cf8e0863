import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { ROOT } from '../../helpers/binary'
import { verifyUnits } from '../../helpers/systemd'

const deploy = (path: string) => readFileSync(join(ROOT, 'deploy', path), 'utf8')

describe('deploy/systemd', () => {
  test('the API units pass systemd-analyze verify without a warning', () => {
    const template = deploy('systemd/phicode-api@.service')
    const result = verifyUnits({ 'phicode-api.service': deploy('systemd/phicode-api.service'), 'phicode-api@8001.service': template })
    expect(result).toEqual({ code: 0, stderr: '' })
  })

  test('the single unit runs --workers and reloads with SIGHUP; the template serves its instance port', () => {
    const unit = deploy('systemd/phicode-api.service')
    expect(unit).toMatch(/^ExecStart=\/usr\/local\/bin\/phicode --api-server .*--workers auto$/m)
    expect(unit).toContain('ExecReload=/bin/kill -HUP $MAINPID')
    expect(deploy('systemd/phicode-api@.service')).toMatch(/^ExecStart=.* --api-port %i$/m)
  })
})

describe('deploy/k8s', () => {
  const [deployment, service] = ['k8s/deployment.yaml', 'k8s/service.yaml'].map((f) => {
    const docs = parseAllDocuments(deploy(f))
    for (const doc of docs) expect(doc.errors).toEqual([])
    return docs[0]!.toJS()
  })

  test('probes: liveness and start-up on /health, readiness on /ready, on the port the container serves', () => {
    const pod = deployment.spec.template.spec
    const [container] = pod.containers
    const port = container.ports.find((p: any) => p.name === 'http')
    expect(container.args).toEqual(expect.arrayContaining(['--api-server', '--api-port', String(port.containerPort)]))
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' })
    expect(container.startupProbe.httpGet).toEqual({ path: '/health', port: 'http' })
    expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' })
  })

  test('non-root, no privilege escalation, resource limits, a token from a Secret', () => {
    const pod = deployment.spec.template.spec
    const [container] = pod.containers
    expect(pod.securityContext.runAsNonRoot).toBe(true)
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0)
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } })
    expect(Object.keys(container.resources.limits).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory'])
    expect(container.env.find((e: any) => e.name === 'PHICODE_API_TOKEN').valueFrom.secretKeyRef).toBeDefined()
    // The drain outlasts its two phases, so the kubelet's SIGKILL never cuts it short.
    const env = (name: string) => Number(container.env.find((e: any) => e.name === name).value)
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(env('PHICODE_API_DRAIN_DELAY_MS') + env('PHICODE_API_GRACE_MS'))
  })

  test('the Service selects the pods, with no stickiness', () => {
    expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels)
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels)
    expect(service.spec.sessionAffinity).toBe('None')
    expect(service.spec.ports[0].targetPort).toBe('http')
  })
})
