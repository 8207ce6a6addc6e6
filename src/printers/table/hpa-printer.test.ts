import type { KubeObject } from '../../api/object.js';
import { formatHPAMetrics, horizontalPodAutoscalerPrinter } from './hpa-printer.js';

const now = new Date('2025-03-01T12:00:00Z');
type Obj = Record<string, unknown>;
const resource = (name: string, target: Obj) => ({ type: 'Resource', resource: { name, target } });
const resourceStatus = (name: string, current: Obj) => ({ type: 'Resource', resource: { name, current } });

describe('formatHPAMetrics', () => {
  it.each<[string, Obj[], Obj[], string]>([
    ['no metrics is <none>', [], [], '<none>'],
    ['a utilization target without a reading yet', [resource('cpu', { type: 'Utilization', averageUtilization: 80 })], [], 'cpu: <unknown>/80%'],
    ['a utilization target with its reading', [resource('cpu', { type: 'Utilization', averageUtilization: 80 })], [resourceStatus('cpu', { averageUtilization: 42 })], 'cpu: 42%/80%'],
    ['a utilization metric without a target utilization', [resource('cpu', { type: 'Utilization' })], [], 'cpu: <unknown>/<auto>'],
    ['an average value target prints quantities', [resource('memory', { type: 'AverageValue', averageValue: '200Mi' })], [resourceStatus('memory', { averageValue: '100Mi' })], 'memory: 100Mi/200Mi'],
    ['a reading without the value prints <nil> as upstream', [resource('memory', { type: 'AverageValue', averageValue: '200Mi' })], [resourceStatus('memory', {})], 'memory: <nil>/200Mi'],
    ['container resources name the resource', [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 60 } } }], [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', current: { averageUtilization: 30 } } }], 'cpu: 30%/60%'],
    ['pods metrics print current/target averages', [{ type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '1k' } } }], [{ type: 'Pods', pods: { metric: { name: 'qps' }, current: { averageValue: '500' } } }], '500/1k'],
    ['object metrics by value', [{ type: 'Object', object: { metric: { name: 'rps' }, target: { type: 'Value', value: '10k' } } }], [], '<unknown>/10k'],
    ['object metrics by average say (avg)', [{ type: 'Object', object: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '2' } } }], [{ type: 'Object', object: { current: { averageValue: '1' } } }], '1/2 (avg)'],
    ['external metrics by average say (avg)', [{ type: 'External', external: { metric: { name: 'q' }, target: { type: 'AverageValue', averageValue: '30' } } }], [], '<unknown>/30 (avg)'],
    ['external metrics by value', [{ type: 'External', external: { metric: { name: 'q' }, target: { type: 'Value', value: '30' } } }], [{ type: 'External', external: { current: { value: '12' } } }], '12/30'],
    ['an unknown metric type', [{ type: 'Magic' }], [], '<unknown type>'],
    ['statuses pair with specs by position, not by type', [resource('cpu', { type: 'Utilization', averageUtilization: 80 })], [{ type: 'Pods', pods: { current: { averageValue: '1' } } }], 'cpu: <unknown>/80%'],
    ['past two metrics the rest are counted', [resource('cpu', { averageUtilization: 1 }), resource('memory', { averageUtilization: 2 }), resource('x', { averageUtilization: 3 })], [], 'cpu: <unknown>/1%, memory: <unknown>/2% + 1 more...'],
  ])('%s', (_name, specs, statuses, printed) => {
    expect(formatHPAMetrics(specs as never, statuses as never)).toBe(printed);
  });
});

describe('horizontalPodAutoscalerPrinter', () => {
  const makeHPA = (apiVersion: string, spec: Obj, status: Obj = {}): KubeObject => ({
    apiVersion,
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: '2025-03-01T11:00:00Z' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 10, ...spec },
    status,
  });

  it('prints reference, targets, min and max pods, replicas and age', () => {
    const hpa = makeHPA('autoscaling/v2', { minReplicas: 2, metrics: [resource('cpu', { type: 'Utilization', averageUtilization: 80 })] }, { currentReplicas: 3 });
    expect(horizontalPodAutoscalerPrinter.cells(hpa, now)).toEqual(['web', 'Deployment/web', 'cpu: <unknown>/80%', '2', 10, 3, '60m']);
  });

  it('prints <unset> without minReplicas', () => {
    expect(horizontalPodAutoscalerPrinter.cells(makeHPA('autoscaling/v2', {}), now).slice(2, 6)).toEqual(['<none>', '<unset>', 10, 0]);
  });

  it('reads an autoscaling/v1 object through its v2 form', () => {
    const hpa = makeHPA('autoscaling/v1', { minReplicas: 1, targetCPUUtilizationPercentage: 50 }, { currentReplicas: 1, currentCPUUtilizationPercentage: 20 });
    expect(horizontalPodAutoscalerPrinter.cells(hpa, now)[2]).toBe('cpu: 20%/50%');
  });
});
