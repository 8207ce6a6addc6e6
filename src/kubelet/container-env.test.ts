import { expandReferences, serviceEnvVars } from './container-env.js';

describe('$(VAR) expansion', () => {
  const vars: Record<string, string> = { A: 'x', EMPTY: '' };
  it.each([
    ['$(A)', 'x'],
    ['pre-$(A)-post', 'pre-x-post'],
    ['$(MISSING)', '$(MISSING)'],
    ['$$(A)', '$(A)'],
    ['$(EMPTY)!', '!'],
    ['$A', '$A'],
    ['$(A', '$(A'],
  ])('%s expands to %s', (input, out) => {
    expect(expandReferences(input, (n) => vars[n])).toBe(out);
  });
});

describe('service environment variables', () => {
  it('a service gives the Kubernetes and Docker-link variables', () => {
    const vars = serviceEnvVars([{ metadata: { name: 'my-svc', namespace: 'default' }, spec: { clusterIP: '10.96.5.6', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } }]);
    expect(Object.fromEntries(vars.map((v) => [v.name, v.value]))).toEqual({
      MY_SVC_SERVICE_HOST: '10.96.5.6',
      MY_SVC_SERVICE_PORT: '80',
      MY_SVC_SERVICE_PORT_HTTP: '80',
      MY_SVC_PORT: 'tcp://10.96.5.6:80',
      MY_SVC_PORT_80_TCP: 'tcp://10.96.5.6:80',
      MY_SVC_PORT_80_TCP_PROTO: 'tcp',
      MY_SVC_PORT_80_TCP_PORT: '80',
      MY_SVC_PORT_80_TCP_ADDR: '10.96.5.6',
    });
  });
});
