import { StatusError } from '../api/errors.js';
import type { KubeObject } from '../api/object.js';
import type { Client, ResourceOps } from '../client/client.js';
import { encodeQuery, loggingClient, requestPath } from './request-log.js';

const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' } };
const missing = new StatusError({ code: 404, reason: 'NotFound', message: 'pods "nosuch" not found', details: { name: 'nosuch', kind: 'pods' } } as never);

/** A client whose every call succeeds with the pod (or a list of it), except a get of "nosuch". */
const fake: Client = {
  resource: () => {
    const ops = {
      get: async (name: string) => {
        if (name === 'nosuch') throw missing;
        return pod;
      },
      list: async () => ({ apiVersion: 'v1', kind: 'PodList', metadata: {}, items: [pod] }),
      create: async (obj: KubeObject) => obj,
      patch: async () => pod,
      delete: async () => ({ object: pod, deleted: true }),
    } as unknown as ResourceOps;
    return { ...ops, namespace: () => ops };
  },
};

function logged(level: number) {
  const lines: string[] = [];
  let t = 0;
  const client = loggingClient(fake, { level, server: 'https://127.0.0.1:6443', log: (l) => lines.push(l), now: () => new Date(2024, 10, 23, 12, 0, 0, 5), pid: 4242, clock: () => (t += 3) });
  return { client, lines };
}

const pods = { group: '', version: 'v1', resource: 'pods' };
const deployments = { group: 'apps', version: 'v1', resource: 'deployments' };

describe('the request log of -v=6 and above', () => {
  it.each([
    ['a core resource in a namespace', requestPath(pods, 'default', 'web'), '/api/v1/namespaces/default/pods/web'],
    ['a group resource across namespaces', requestPath(deployments, undefined), '/apis/apps/v1/deployments'],
    ['a subresource', requestPath(deployments, 'prod', 'web', 'scale'), '/apis/apps/v1/namespaces/prod/deployments/web/scale'],
    ['a query with keys sorted and values escaped as Go does', encodeQuery({ limit: 500, labelSelector: 'app in (web),tier!=db', fieldSelector: undefined }), 'labelSelector=app+in+%28web%29%2Ctier%21%3Ddb&limit=500'],
  ])('%s', (_name, got, want) => {
    expect(got).toBe(want);
  });

  it('logs a list at -v=6 in klog’s line format: method, URL, status, whole milliseconds', async () => {
    const { client, lines } = logged(6);
    await client.resource(pods).namespace('default').list({ labelSelector: 'app=web', limit: 500 });
    expect(lines).toEqual(['I1123 12:00:00.005000    4242 round_trippers.go:560] GET https://127.0.0.1:6443/api/v1/namespaces/default/pods?labelSelector=app%3Dweb&limit=500 200 OK in 3 milliseconds\n']);
  });

  it('logs a creation as POST, 201 Created', async () => {
    const { client, lines } = logged(6);
    await client.resource(pods).namespace('default').create(pod, { fieldManager: 'kubectl-run', dryRun: 'All' });
    expect(lines).toEqual(['I1123 12:00:00.005000    4242 round_trippers.go:560] POST https://127.0.0.1:6443/api/v1/namespaces/default/pods?dryRun=All&fieldManager=kubectl-run 201 Created in 3 milliseconds\n']);
  });

  it('logs an error response with its code and still fails', async () => {
    const { client, lines } = logged(6);
    await expect(client.resource(pods).namespace('default').get('nosuch')).rejects.toBe(missing);
    expect(lines).toEqual(['I1123 12:00:00.005000    4242 round_trippers.go:560] GET https://127.0.0.1:6443/api/v1/namespaces/default/pods/nosuch 404 Not Found in 3 milliseconds\n']);
  });

  it('at -v=8 logs the request and response bodies around the request and status lines', async () => {
    const { client, lines } = logged(8);
    await client.resource(pods).namespace('default').get('web');
    expect(lines.map((l) => l.slice('I1123 12:00:00.005000    4242 '.length))).toEqual([
      'helper.go:113] "Request Body" body=""\n',
      'round_trippers.go:470] GET https://127.0.0.1:6443/api/v1/namespaces/default/pods/web\n',
      'round_trippers.go:581] Response Status: 200 OK in 3 milliseconds\n',
      `helper.go:113] "Response Body" body=${JSON.stringify(JSON.stringify(pod))}\n`,
    ]);
  });

  it('logs nothing below 6, and hands back the client itself', () => {
    const { client, lines } = logged(5);
    expect(client).toBe(fake);
    expect(lines).toEqual([]);
  });
});
