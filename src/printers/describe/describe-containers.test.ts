import type { Container } from 'kubernetes-types/core/v1.js';
import { describeContainers, describeProbe } from './describe-containers.js';
import { tabbedString } from './prefix-writer.js';

const timing = { initialDelaySeconds: 1, timeoutSeconds: 2, periodSeconds: 3, successThreshold: 1, failureThreshold: 4 };
const attrs = 'delay=1s timeout=2s period=3s #success=1 #failure=4';

describe('describeProbe', () => {
  it.each([
    ['an http probe without host', { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' } }, `http-get http://:8080/healthz ${attrs}`],
    ['an https probe with a host and a named port', { httpGet: { host: '10.0.0.1', path: '/livez', port: 'https', scheme: 'HTTPS' } }, `http-get https://10.0.0.1:https/livez ${attrs}`],
    ['an IPv6 host is bracketed', { httpGet: { host: 'fd00::1', path: '/', port: 80, scheme: 'HTTP' } }, `http-get http://[fd00::1]:80/ ${attrs}`],
    ['a path without a leading slash gets one after the host', { httpGet: { path: 'ready', port: 80, scheme: 'HTTP' } }, `http-get http://:80/ready ${attrs}`],
    ['an exec probe prints its command as a Go slice', { exec: { command: ['cat', '/tmp/healthy'] } }, `exec [cat /tmp/healthy] ${attrs}`],
    ['a tcp probe', { tcpSocket: { port: 5432 } }, `tcp-socket :5432 ${attrs}`],
    ['a grpc probe with a service', { grpc: { port: 9000, service: 'health' } }, `grpc <pod>:9000 health ${attrs}`],
    ['a probe without a handler', {}, `unknown ${attrs}`],
  ])('%s', (_name, handler, expected) => {
    expect(describeProbe({ ...handler, ...timing } as never)).toBe(expected);
  });
});

describe('container environment', () => {
  const ctx = { now: new Date('2025-01-10T10:00:00Z'), timeZone: 'UTC' };
  const render = (container: Container) => tabbedString((w) => describeContainers('Containers', [container], undefined, undefined, w, '', ctx));

  it.each([
    ['an unset cpu limit reads as node allocatable', { resource: 'limits.cpu' }, {}, 'node allocatable (limits.cpu)'],
    ['a cpu limit over a millicore divisor', { resource: 'limits.cpu', divisor: '1m' }, { limits: { cpu: '250m' } }, '250 (limits.cpu)'],
    ['a memory request rounds up over its divisor', { resource: 'requests.memory', divisor: '1Mi' }, { requests: { memory: '1500k' } }, '2 (requests.memory)'],
    ['an unset cpu request reads 0', { resource: 'requests.cpu' }, {}, '0 (requests.cpu)'],
  ])('%s', (_name, resourceFieldRef, resources, expected) => {
    const out = render({ name: 'c', image: 'i', resources, env: [{ name: 'X', valueFrom: { resourceFieldRef } }] } as Container);
    expect(out.split('\n').map((l) => l.trim().replace(/ {2,}/g, ' | '))).toContain(`X: | ${expected}`);
  });

  it('in a pod template a fieldRef value prints empty', () => {
    const out = render({ name: 'c', image: 'i', env: [{ name: 'N', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }] });
    expect(out).toMatch(/\n {6}N: {3,}\(v1:metadata\.name\)\n/);
  });

  it('a container without ports, env or mounts says <none> for each', () => {
    expect(render({ name: 'c', image: 'busybox' })).toBe(
      'Containers:\n  c:\n    Image:        busybox\n    Port:         <none>\n    Host Port:    <none>\n    Environment:  <none>\n    Mounts:       <none>\n',
    );
  });
});
