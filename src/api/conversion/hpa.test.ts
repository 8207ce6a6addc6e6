import type { KubeObject } from '../object.js';
import { applyDefaults } from '../defaults/index.js';
import { toStored, toVersion } from './hpa.js';

const scaleTargetRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'myapp' };

const makeV1 = (spec: Record<string, unknown>, metadata: KubeObject['metadata'] = { name: 'myapp-hpa', namespace: 'default' }): KubeObject => ({
  apiVersion: 'autoscaling/v1',
  kind: 'HorizontalPodAutoscaler',
  metadata,
  spec: { scaleTargetRef, maxReplicas: 10, ...spec },
});

describe('HPA conversion', () => {
  it('a v1 cpu target becomes a v2 Utilization metric', () => {
    const stored = toStored(makeV1({ minReplicas: 1, targetCPUUtilizationPercentage: 30 }));
    expect(stored).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'myapp-hpa', namespace: 'default' },
      spec: { scaleTargetRef, minReplicas: 1, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 30 } } }] },
      status: { desiredReplicas: 0 },
    });
  });

  it('a v1 HPA without a target gets the implicit 80% cpu metric', () => {
    expect((toStored(makeV1({})).spec as { metrics: unknown }).metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
  });

  it('a stored HPA read as v1 shows its cpu target and current utilization and the v1 status counters', () => {
    const stored: KubeObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h', namespace: 'default' },
      spec: { scaleTargetRef, minReplicas: 2, maxReplicas: 6, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
      status: { desiredReplicas: 2, currentReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 12, averageValue: '6m' } } }] },
    };
    expect(toVersion(stored, 'v1')).toEqual({
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: {
        name: 'h',
        namespace: 'default',
        annotations: { 'autoscaling.alpha.kubernetes.io/current-metrics': '[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":12,"currentAverageValue":"6m"}}]' },
      },
      spec: { scaleTargetRef, minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 50 },
      status: { currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 12 },
    });
  });

  it('metrics v1 cannot express are kept in the metrics annotation, in Go field order', () => {
    const stored: KubeObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h' },
      spec: {
        scaleTargetRef,
        maxReplicas: 6,
        metrics: [
          { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } } },
          { type: 'Pods', pods: { metric: { name: 'rps', selector: { matchLabels: { z: '1', a: '2' } } }, target: { type: 'AverageValue', averageValue: '10' } } },
        ],
      },
    };
    const v1 = toVersion(stored, 'v1');
    expect(v1.metadata.annotations).toEqual({
      'autoscaling.alpha.kubernetes.io/metrics':
        '[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"500Mi"}},{"type":"Pods","pods":{"metricName":"rps","targetAverageValue":"10","selector":{"matchLabels":{"a":"2","z":"1"}}}}]',
    });
    expect((v1.spec as Record<string, unknown>).targetCPUUtilizationPercentage).toBeUndefined();
  });

  it('behavior and conditions survive a round trip through v1 and the annotations are dropped again', () => {
    const stored: KubeObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h', annotations: { team: 'a' } },
      spec: {
        scaleTargetRef,
        minReplicas: 1,
        maxReplicas: 6,
        metrics: [
          { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 70 } } },
          { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'Value', value: '30' } } },
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
        ],
        behavior: {
          scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }] },
          scaleDown: { selectPolicy: 'Min', policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }] },
        },
      },
      status: {
        currentReplicas: 1,
        desiredReplicas: 1,
        currentMetrics: null,
        conditions: [{ type: 'AbleToScale', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z', reason: 'SucceededGetScale', message: 'ok' }],
      },
    };
    const v1 = toVersion(stored, 'v1');
    expect(v1.metadata.annotations?.['autoscaling.alpha.kubernetes.io/behavior']).toBe(
      '{"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Max","Policies":[{"Type":"Pods","Value":4,"PeriodSeconds":15}]},"ScaleDown":{"StabilizationWindowSeconds":null,"SelectPolicy":"Min","Policies":[{"Type":"Percent","Value":10,"PeriodSeconds":60}]}}',
    );
    const back = toStored(v1);
    applyDefaults(back);
    expect(back).toEqual({ ...stored, status: { ...(stored.status as object), currentMetrics: null } });
  });

  it('reading a stored HPA as v2 drops stray round-trip annotations and leaves the input alone', () => {
    const stored = toStored(makeV1({ targetCPUUtilizationPercentage: 30 }, { name: 'h', annotations: { 'autoscaling.alpha.kubernetes.io/metrics': '[]' } }));
    expect(stored.metadata.annotations).toBeUndefined();
    const copy = structuredClone(stored);
    expect(toVersion(stored, 'v2')).toEqual(stored);
    expect(stored).toEqual(copy);
  });

  it('the seed HPA (autoscaling/v1, 30% cpu) is stored as v2 and reads back as written', () => {
    const seed = makeV1({ minReplicas: 1, targetCPUUtilizationPercentage: 30, scaleTargetRef: { apiVersion: 'extensions/v1beta1', kind: 'Deployment', name: 'myapp' } });
    const stored = toStored(seed);
    applyDefaults(stored);
    expect(toVersion(stored, 'v1')).toEqual({ ...seed, status: { currentReplicas: 0, desiredReplicas: 0 } });
  });
});
