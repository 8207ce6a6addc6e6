import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAll } from 'js-yaml';
import { applyDefaults } from '../defaults/index.js';
import type { KubeObject } from '../object.js';
import { validateHorizontalPodAutoscaler, validateHorizontalPodAutoscalerStatusUpdate, validateHorizontalPodAutoscalerUpdate } from './horizontal-pod-autoscaler.js';

const seeds = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'fixtures', 'seeds');

type Spec = Record<string, unknown>;

const cpu = (averageUtilization: unknown) => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } } });

/** An autoscaling/v2 HPA scaling deployment web on 50% CPU; `edit` changes its spec. */
function makeHPA(edit: (spec: Spec) => void = () => {}): KubeObject {
  const spec: Spec = {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 1,
    maxReplicas: 10,
    metrics: [cpu(50)],
  };
  edit(spec);
  return { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default', resourceVersion: '1' }, spec };
}

const metrics = (...m: unknown[]) => (s: Spec) => (s['metrics'] = m);

describe('validateHorizontalPodAutoscaler', () => {
  it.each<[string, (spec: Spec) => void, string[]]>([
    ['an HPA on CPU utilization is valid', () => {}, []],
    ['minReplicas must be at least 1', (s) => (s['minReplicas'] = 0), ['spec.minReplicas: Invalid value: 0: must be greater than or equal to 1', 'spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas']],
    [
      'maxReplicas must not be below minReplicas',
      (s) => ((s['minReplicas'] = 5), (s['maxReplicas'] = 3)),
      ['spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`'],
    ],
    ['maxReplicas must be positive', (s) => (s['maxReplicas'] = 0), ['spec.maxReplicas: Invalid value: 0: must be greater than 0', 'spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`']],
    [
      'the scale target needs a kind and a name',
      (s) => (s['scaleTargetRef'] = { apiVersion: 'apps/v1' }),
      ['spec.scaleTargetRef.kind: Required value', 'spec.scaleTargetRef.name: Required value'],
    ],
    ['a target name may not contain a slash', (s) => (s['scaleTargetRef'] = { kind: 'Deployment', name: 'a/b' }), ["spec.scaleTargetRef.name: Invalid value: \"a/b\": may not contain '/'"]],
    ['utilization must be positive', metrics(cpu(0)), ['spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0']],
    [
      'a resource metric needs a target',
      metrics({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization' } } }),
      ['spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization'],
    ],
    [
      'a metric type without its source is incomplete',
      metrics({ type: 'Pods' }),
      ['spec.metrics[0].pods: Required value: must populate information for the given metric source'],
    ],
    [
      'an unknown metric type is not supported (upstream reports it twice)',
      metrics({ type: 'Custom' }),
      [
        'spec.metrics[0].type: Unsupported value: "Custom": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"',
        'spec.metrics[0].type: Unsupported value: "Custom": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"',
      ],
    ],
    [
      'only the source named by the type may be filled in',
      metrics({ ...cpu(50), pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } }),
      ['spec.metrics[0].pods: Forbidden: must populate the given metric source only'],
    ],
    [
      'a target value must be positive',
      metrics({ type: 'External', external: { metric: { name: 'queue' }, target: { type: 'Value', value: '0' } } }),
      [
        'spec.metrics[0].external.target.value: Invalid value: resource.Quantity{i:resource.int64Amount{value:0, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"0", Format:"DecimalSI"}: must be positive',
      ],
    ],
    [
      'a target type must be one of three',
      metrics({ type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'Average', averageValue: '10' } } }),
      ['spec.metrics[0].pods.target.type: Invalid value: "Average": must be either Utilization, Value, or AverageValue'],
    ],
    [
      'scaling policies need a known type, a positive value and a period within 30 minutes',
      (s) => (s['behavior'] = { scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Nodes', value: 0, periodSeconds: 3600 }] } }),
      [
        'spec.behavior.scaleDown.policies[0].type: Unsupported value: "Nodes": supported values: "Percent", "Pods"',
        'spec.behavior.scaleDown.policies[0].value: Invalid value: 0: must be greater than zero',
        'spec.behavior.scaleDown.policies[0].periodSeconds: Invalid value: 3600: must be less than or equal to 1800',
      ],
    ],
    [
      'a stabilization window is at most an hour',
      (s) => (s['behavior'] = { scaleUp: { stabilizationWindowSeconds: 3601, selectPolicy: 'Fastest', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }] } }),
      [
        'spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: 3601: must be less than or equal to 3600',
        'spec.behavior.scaleUp.selectPolicy: Unsupported value: "Fastest": supported values: "Disabled", "Max", "Min"',
      ],
    ],
  ])('%s', (_name, edit, expected) => {
    expect(validateHorizontalPodAutoscaler(makeHPA(edit)).map(String)).toEqual(expected);
  });

  it('the seed myapp-hpa (autoscaling/v1, targetCPUUtilizationPercentage) is valid once defaulted', () => {
    const [doc] = loadAll(readFileSync(join(seeds, 'hpa-myapp.yaml'), 'utf8')) as KubeObject[];
    const obj = structuredClone(doc!);
    applyDefaults(obj);
    expect(validateHorizontalPodAutoscaler(obj).map(String)).toEqual([]);
  });

  it('an autoscaling/v1 CPU target below 1% is reported on the converted metric', () => {
    const v1: KubeObject = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default' },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 0 },
    };
    expect(validateHorizontalPodAutoscaler(v1).map(String)).toEqual(['spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0']);
  });
});

describe('validateHorizontalPodAutoscalerUpdate', () => {
  it('raising maxReplicas is fine', () => {
    expect(validateHorizontalPodAutoscalerUpdate(makeHPA((s) => (s['maxReplicas'] = 20)), makeHPA()).map(String)).toEqual([]);
  });
});

describe('validateHorizontalPodAutoscalerStatusUpdate', () => {
  it('negative replica counts are rejected', () => {
    const cur = { ...makeHPA(), status: { currentReplicas: -1, desiredReplicas: 2 } };
    expect(validateHorizontalPodAutoscalerStatusUpdate(cur, makeHPA()).map(String)).toEqual(['status.currentReplicas: Invalid value: -1: must be greater than or equal to 0']);
  });
});
