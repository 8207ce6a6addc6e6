import { readFileSync } from 'node:fs';
import { decodeManifestFile } from './manifest-decoder.js';

const seeds = new URL('../../../test/fixtures/seeds/', import.meta.url);
/** A seed's manifest exactly as the note writes it (the fixture's comment header dropped). */
const seedText = (name: string) => readFileSync(new URL(name, seeds), 'utf8').replace(/^(#.*\n)+/, '');
const file = '/etc/kubernetes/manifests/static-pod.yaml';
const decode = (text: string, nodeName = 'node01', source = file) => decodeManifestFile(text, { nodeName, source });
const podYaml = (extra = '', container = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: c\n    image: nginx\n${container}${extra}`;
/** The decoded pod, loosely typed for assertions; throws the kubelet's error when there is none. */
type LoosePod = { metadata: Record<string, any>; spec: any; status: unknown };
function podOf(text: string, nodeName = 'node01', source = file): LoosePod {
  const result = decode(text, nodeName, source);
  if (!('pod' in result)) throw new Error(result.error);
  return result.pod as unknown as LoosePod;
}
const notParsed = (why: string) => `${file}: couldn't parse as pod(${why}), please check config file`;

describe('decodeManifestFile reads a static pod manifest as the kubelet does', () => {
  it("gives the seed's static-web the kubelet's name, namespace, node, UID, hash, toleration and the API's defaults", () => {
    const pod = podOf(seedText('pod-static-web.yaml'));
    expect(pod.metadata).toEqual({
      name: 'static-web-node01',
      namespace: 'default',
      labels: { role: 'myrole' },
      uid: expect.stringMatching(/^[0-9a-f]{32}$/),
      annotations: { 'kubernetes.io/config.hash': pod.metadata.uid },
    });
    expect(pod.spec).toEqual({
      containers: [
        {
          name: 'web',
          image: 'nginx',
          ports: [{ name: 'web', containerPort: 80, protocol: 'TCP' }],
          imagePullPolicy: 'Always',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          resources: {},
        },
      ],
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      securityContext: {},
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
      nodeName: 'node01',
      tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
    });
    expect(pod.status).toEqual({ phase: 'Pending' });
  });

  it('hashes the UID from the pod, the node and the file: the same manifest elsewhere is another pod', () => {
    const uid = (text: string, node = 'node01', source = file) => podOf(text, node, source).metadata.uid as string;
    const text = seedText('pod-static-web.yaml');
    expect(uid(text)).toBe(uid(text));
    expect(uid(text, 'node02')).not.toBe(uid(text));
    expect(uid(text, 'node01', '/etc/kubernetes/manifests/other.yaml')).not.toBe(uid(text));
    expect(uid(text.replace('image: nginx', 'image: nginx:1.27'))).not.toBe(uid(text));
  });

  it('keeps a namespace the manifest gives', () => {
    const pod = podOf(podYaml().replace('  name: web\n', '  name: web\n  namespace: kube-system\n'), 'controlplane');
    expect(pod.metadata).toMatchObject({ name: 'web-controlplane', namespace: 'kube-system' });
  });

  it.each([
    ['keeps tolerations for other taints and adds its own', '  tolerations:\n  - key: a\n    operator: Exists\n', [{ key: 'a', operator: 'Exists' }, { operator: 'Exists', effect: 'NoExecute' }]],
    ['replaces an equal toleration, dropping its tolerationSeconds', '  tolerations:\n  - operator: Exists\n    effect: NoExecute\n    tolerationSeconds: 30\n', [{ operator: 'Exists', effect: 'NoExecute' }]],
  ])('toleration: %s', (_name, extra, want) => {
    const pod = podOf(podYaml(extra));
    expect(pod.spec.tolerations).toEqual(want);
  });

  it("drops fields a v1.Pod does not have, as the kubelet's lenient decoder does, rather than refusing them", () => {
    const pod = podOf(podYaml('', '    imagePolicy: Always\n').replace('  name: web\n', '  name: web\n  lables:\n    app: web\n'));
    expect(pod.metadata.lables).toBeUndefined();
    expect(pod.metadata.labels).toBeUndefined();
    expect(pod.spec.containers[0]!.imagePolicy).toBeUndefined();
  });

  it('reads YAML 1.1 scalars as go-yaml does: an octal defaultMode is a number', () => {
    const pod = podOf(podYaml('  volumes:\n  - name: d\n    downwardAPI:\n      defaultMode: 0644\n      items:\n      - path: labels\n        fieldRef:\n          fieldPath: metadata.labels\n'));
    expect(pod.spec.volumes[0].downwardAPI.defaultMode).toBe(420);
  });

  it.each([
    ["the seed's manifest without the colon after metadata", seedText('pod-static-web-missing-colon.yaml'), notParsed("yaml: line 4: could not find expected ':'")],
    ["the seed's manifest indented with tabs", seedText('pod-random-generator-tabs.yaml'), notParsed('yaml: line 4: found character that cannot start any token')],
    ['an apiVersion the kubelet does not know', podYaml().replace('apiVersion: v1', 'apiVersion: v2'), notParsed('no kind "Pod" is registered for version "v2" in scheme "pkg/api/legacyscheme/scheme.go:30"')],
    ['a Deployment', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n', notParsed('no kind "Deployment" is registered for version "apps/v1" in scheme "pkg/api/legacyscheme/scheme.go:30"')],
    ['a manifest without a kind', 'apiVersion: v1\nmetadata:\n  name: web\n', notParsed(`Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"web"}}'`)],
    ['a manifest without an apiVersion', 'kind: Pod\nmetadata:\n  name: web\n', notParsed(`Object 'apiVersion' is missing in '{"kind":"Pod","metadata":{"name":"web"}}'`)],
    ['an empty file', '', notParsed("Object 'Kind' is missing in 'null'")],
    ['a port given as a string', podYaml('', '    ports:\n    - containerPort: "80"\n'), notParsed('json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32')],
    ['an env value of yes (a boolean to go-yaml)', podYaml('', '    env:\n    - name: DEBUG\n      value: yes\n'), notParsed('json: cannot unmarshal bool into Go struct field EnvVar.spec.containers.env.value of type string')],
    ['broken JSON', '{"apiVersion": "v1", "kind": "Pod",', notParsed("couldn't get version/kind; json parse error: unexpected end of JSON input")],
    ['a pod without a name', podYaml().replace('  name: web\n', '  labels:\n    a: b\n'), 'invalid pod: name is needed for the pod'],
    ['a container without an image', podYaml().replace('    image: nginx\n', ''), 'invalid pod: [spec.containers[0].image: Required value]'],
    [
      'two problems at once',
      podYaml().replace('    image: nginx\n', '').replace('  name: web\n', '  name: Web\n'),
      `invalid pod: [metadata.name: Invalid value: "Web-node01": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*') spec.containers[0].image: Required value]`,
    ],
  ])('reports %s as the kubelet does', (_name, text, error) => {
    expect(decode(text)).toEqual({ error });
  });
});
