import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../../api/object.js';
import { describe as describeObject, hasDescriber, relatedRequests, type Related, type RelatedRequest } from './describe.js';

interface Golden {
  command: string;
  now: string;
  timeZone: string;
  kind: string;
  object: KubeObject;
  related: Omit<Related, 'errors'>;
  errors?: Record<string, string>;
  /** The requests kubectl made besides discovery and the object itself (decoded, without `limit=500`). */
  kubectlRequests: string[];
}

/** A request as a URL, field selector terms sorted (kubectl's order of them varies from run to run). */
function normalizeUrl(url: string): string {
  const [path, query = ''] = url.split('?') as [string, string?];
  const params = query
    .split('&')
    .filter(Boolean)
    .map((p) => {
      const [k, v = ''] = p.split(/=(.*)/s) as [string, string?];
      return k === 'fieldSelector' ? `${k}=${v.split(',').sort().join(',')}` : `${k}=${v}`;
    })
    .sort();
  return params.length ? `${path}?${params.join('&')}` : path;
}

function requestUrl(r: RelatedRequest): string {
  const base = r.gvr.group ? `/apis/${r.gvr.group}/${r.gvr.version}` : `/api/${r.gvr.version}`;
  const ns = r.namespace ? `/namespaces/${r.namespace}` : '';
  const params = [
    ...(r.listOptions?.labelSelector ? [`labelSelector=${r.listOptions.labelSelector}`] : []),
    ...(r.listOptions?.fieldSelector ? [`fieldSelector=${r.listOptions.fieldSelector}`] : []),
  ];
  return normalizeUrl(`${base}${ns}/${r.gvr.resource}${r.name ? `/${r.name}` : ''}${params.length ? `?${params.join('&')}` : ''}`);
}

const goldenDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../test/golden/describe');
const cases = readdirSync(goldenDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => {
    const golden = JSON.parse(readFileSync(join(goldenDir, f), 'utf8')) as Golden;
    return { name: f.replace(/\.json$/, ''), golden, expected: readFileSync(join(goldenDir, f.replace(/\.json$/, '.txt')), 'utf8') };
  });

describe('describe against kubectl 1.32 goldens', () => {
  it('has goldens to compare with', () => {
    expect(cases.length).toBeGreaterThan(30);
  });

  it.each(cases.map((c) => [`\`${c.golden.command}\` (${c.name}) prints what kubectl 1.32 printed`, c] as const))('%s', (_title, c) => {
    const { golden } = c;
    const errors = Object.fromEntries(Object.entries(golden.errors ?? {}).map(([k, message]) => [k, { message, reason: 'NotFound' }]));
    const related: Related = { ...golden.related, ...(golden.errors ? { errors } : {}) };
    const out = describeObject(golden.kind, golden.object, related, new Date(golden.now), { timeZone: golden.timeZone });
    expect(out).toBe(c.expected);
  });
});

describe('relatedRequests against the requests kubectl 1.32 made', () => {
  it.each(cases.map((c) => [`\`${c.golden.command}\` (${c.name}) fetches what kubectl fetched, in its order`, c] as const))('%s', (_title, c) => {
    const showEvents = !c.golden.command.includes('--show-events=false');
    expect(relatedRequests(c.golden.object, { showEvents }).map(requestUrl)).toEqual(c.golden.kubectlRequests.map(normalizeUrl));
  });
});

describe('relatedRequests', () => {
  const pod = (annotations?: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', uid: 'u1', annotations } });

  it.each([
    ['a pod’s events are searched by its uid and without a kind', pod(), 'involvedObject.name=p,involvedObject.namespace=ns,involvedObject.uid=u1'],
    ['a mirror pod’s events are searched by the uid of its config', pod({ 'kubernetes.io/config.mirror': 'hash1' }), 'involvedObject.name=p,involvedObject.namespace=ns,involvedObject.uid=hash1'],
  ])('%s', (_name, obj, fieldSelector) => {
    expect(relatedRequests(obj)).toEqual([{ key: 'events', gvr: { group: '', version: 'v1', resource: 'events' }, namespace: 'ns', listOptions: { fieldSelector }, onError: 'empty' }]);
  });

  it('with showEvents false nothing is asked for a pod', () => {
    expect(relatedRequests(pod(), { showEvents: false })).toEqual([]);
  });

  it('a namespace leaves its quota sections out only when the server has no such resource', () => {
    const requests = relatedRequests({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    expect(requests.map((r) => [r.key, r.namespace, r.onError, r.whenReason])).toEqual([
      ['resourceQuotas', 'team', 'omit', 'NotFound'],
      ['limitRanges', 'team', 'omit', 'NotFound'],
    ]);
  });

  it('a node records a Forbidden pod list (printed as not authorized) and any lease error', () => {
    const requests = relatedRequests({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'u' } });
    expect(requests.filter((r) => r.key !== 'events').map((r) => [r.key, r.onError, r.whenReason])).toEqual([
      ['pods', 'record', 'Forbidden'],
      ['lease', 'record', undefined],
    ]);
  });

  it('an ingress asks for each backend Service once, recording its errors under the Service', () => {
    const ing: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'i', namespace: 'ns', uid: 'u' },
      spec: { defaultBackend: { service: { name: 'a', port: { number: 80 } } }, rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 'a', port: { number: 80 } } } }] } }] },
    };
    expect(relatedRequests(ing, { showEvents: false }).map((r) => [r.key, r.name, r.errorKey])).toEqual([
      ['endpointSlices', undefined, 'services/a'],
      ['services', 'a', 'services/a'],
    ]);
  });
});

describe('describe dispatch', () => {
  const now = new Date('2025-01-10T10:00:00Z');

  it.each([
    ['', 'Pod', true],
    ['apps', 'Deployment', true],
    ['coordination.k8s.io', 'Lease', false],
    ['apps', 'ControllerRevision', false],
  ])('group %j kind %s has its own describer: %s', (group, kind, expected) => {
    expect(hasDescriber(group, kind)).toBe(expected);
  });

  it('an autoscaling/v1 HPA is described as kubectl describes v1 objects', () => {
    const hpa: KubeObject = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h', namespace: 'ns', creationTimestamp: '2025-01-10T09:00:00Z' },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 50 },
      status: { currentReplicas: 1, desiredReplicas: 1 },
    };
    expect(describeObject('HorizontalPodAutoscaler', hpa, {}, now, { timeZone: 'UTC' })).toBe(
      [
        'Name:                     h',
        'Namespace:                ns',
        'Labels:                   <none>',
        'Annotations:              <none>',
        'CreationTimestamp:        Fri, 10 Jan 2025 09:00:00 +0000',
        'Reference:                Deployment/web',
        'Target CPU utilization:   50%',
        'Current CPU utilization:  <unknown>%',
        'Min replicas:             1',
        'Max replicas:             5',
        'Deployment pods:          1 current / 1 desired',
        '',
      ].join('\n'),
    );
  });

  it('a kind without a describer of its own gets the generic one', () => {
    const out = describeObject('ControllerRevision', { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r', namespace: 'ns' }, revision: 2 }, {}, now);
    expect(out).toContain('Metadata:\nRevision:  2\n');
  });
});
