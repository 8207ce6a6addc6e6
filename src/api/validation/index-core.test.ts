import { loadAll } from 'js-yaml';
import { FieldPath } from '../field-error.js';
import { kinds } from '../kinds.js';
import type { KubeObject } from '../object.js';
import { admitDefaults } from '../defaults/admission.js';
import { applyDefaults } from '../defaults/index.js';
import { coreValidators } from './index-core.js';
import { validatePodTemplateSpec } from './pod-spec.js';

// The YAML examples of /work/shared/seeds/*.txt that are core kinds or hold pod templates, as the notes give them
// (the examples the notes flattened into prose rebuilt as their authors meant them).
const seeds: Record<string, string> = {
  'the manually scheduled http-go pod': `
apiVersion: v1
kind: Pod
metadata:
  name: http-go
spec:
  containers:
  - name: http-go
    image: gasbugs/http-go
  nodeName: work1
`,
  'the static-web pod (with the colon its note forgot)': `
apiVersion: v1
kind: Pod
metadata:
  name: static-web
  labels:
    role: myrole
spec:
  containers:
  - name: web
    image: nginx
    ports:
    - name: web
      containerPort: 80
      protocol: TCP
`,
  'the two multi-scheduler pods': `
apiVersion: v1
kind: Pod
metadata:
  name: annotation-default-scheduler
  labels:
    name: multischeduler-example
spec:
  schedulerName: default-scheduler
  containers:
  - name: pod-with-default-annotation-container
    image: k8s.gcr.io/pause:2.0
---
apiVersion: v1
kind: Pod
metadata:
  name: annotation-second-scheduler
  labels:
    name: multischeduler-example
spec:
  schedulerName: my-scheduler
  containers:
  - name: pod-with-default-annotation-container
    image: k8s.gcr.io/pause:2.0
`,
  'the my-scheduler service account': `
apiVersion: v1
kind: ServiceAccount
metadata:
  name: my-scheduler
  namespace: kube-system
`,
  'the game-volume pod': `
apiVersion: v1
kind: Pod
metadata:
  name: game-volume
spec:
  restartPolicy: OnFailure
  containers:
  - name: game-volume
    image: k8s.gcr.io/busybox
    command: [ "/bin/sh", "-c", "cat /etc/config/game.properties" ]
    volumeMounts:
    - name: game-volume
      mountPath: /etc/config
  volumes:
  - name: game-volume
    configMap:
      name: game-config
`,
  'the node-selector pod': `
apiVersion: v1
kind: Pod
metadata:
  name: node-selector
spec:
  containers: 
  - name: nginx
    image: nginx
  # 특정 노드 라벨 선택
  nodeSelector:
    disktype: ssd
`,
  'the node affinity pod': `
apiVersion: v1
kind: Pod
metadata:
  name: with-node-affinity
spec:
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution: # 1
        nodeSelectorTerms:
        - matchExpressions: # 2
          - key: kubernetes.io/e2e-az-name
            operator: In
            values:
            - e2e-az1
            - e2e-az2
      preferredDuringSchedulingIgnoredDuringExecution: # 3
      - weight: 1
        preference:
          matchExpressions: # 4
          - key: another-node-label-key
            operator: In
            values:
            - another-node-label-value
  containers:
  - name: with-node-affinity
    image: k8s.gcr.io/pause:2.0
`,
  'the pod affinity pod': `
apiVersion: v1
kind: Pod
metadata:
  name: with-pod-affinity
spec:
  affinity:
    podAffinity:
      requiredDuringSchedulingIgnoredDuringExecution: # 1
      - labelSelector: # 2
          matchExpressions:
          - key: security
            operator: In
            values:
            - S1
        topologyKey: topology.kubernetes.io/zone # 3
    podAntiAffinity: # 4
      preferredDuringSchedulingIgnoredDuringExecution: 
      - weight: 100
        podAffinityTerm:
          labelSelector:
            matchExpressions:
            - key: security
              operator: In
              values:
              - S2
          topologyKey: topology.kubernetes.io/zone
  containers:
  - name: with-pod-affinity
    image: k8s.gcr.io/pause:2.0
`,
  'the whoami-web LoadBalancer service': `
apiVersion: v1
kind: Service
metadata:
  name: whoami-web
  labels:
    kiamol: ch06
spec:
  ports:
    - port: 8088
      targetPort: 80
  selector:
    app: whoami-web
  type: LoadBalancer
`,
};

// Workload examples whose pod templates core validation checks (the workloads themselves are validated elsewhere).
const templates: Record<string, string> = {
  'the fluentd DaemonSet': `
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd-elasticsearch
  namespace: kube-system
spec:
  template:
    metadata:
      labels:
        name: fluentd-elasticsearch
    spec:
      tolerations:
      - key: node-role.kubernetes.io/master
        effect: NoSchedule
      containers:
      - name: fluentd-elasticsearch
        image: gcr.io/fluentd-elasticsearch/fluentd:v2.5.1
        resources:
          limits:
            memory: 200Mi
          requests:
            cpu: 100m
            memory: 200Mi
        volumeMounts:
        - name: varlog
          mountPath: /var/log
        - name: varlibdockercontainers
          mountPath: /var/lib/docker/containers
          readOnly: true
      terminationGracePeriodSeconds: 30
      volumes:
      - name: varlog
        hostPath: 
          path: /var/log
      - name: varlibdockercontainers
        hostPath:
          path: /var/lib/docker/containers
`,
  'the whoami-web ReplicaSet': `
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: whoami-web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: whoami-web
  template:
    metadata:
      labels:
        app: whoami-web
    spec:
      containers:
        - image: kiamol/ch02-whoami
          name: web
          ports:
            - containerPort: 80
              name: http
`,
  'the pi-web Deployment': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: pi-web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: pi-web
  template:
    metadata:
      labels:
        app: pi-web
    spec:
      containers:
        - image: kiamol/ch05-pi
          command: ["dotnet", "Pi.Web.dll", "-m", "web"]
          name: web
          ports:
            - containerPort: 80
              name: http
`,
  'the pi-proxy DaemonSet with a node selector': `
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: pi-proxy
spec:
  selector:
    matchLabels:
      app: pi-proxy
  template:
    metadata:
      labels:
        app: pi-proxy
    spec:
      containers:
        - image: nginx:1.17-alpine
          name: nginx
          ports:
            - containerPort: 80
              name: http
          volumeMounts:
            - name: config
              mountPath: "/etc/nginx/"
              readOnly: true
            - name: cache-volume
              mountPath: /data/nginx/cache
      volumes:
        - name: config
          configMap:
            name: pi-proxy-configmap
        - name: cache-volume
          hostPath:
            path: /volumes/nginx-cache
            type: DirectoryOrCreate
      nodeSelector:
        kiamol: ch06
`,
};

/** What the API server does before validation on create: the request namespace, defaults, admission. */
function create(doc: KubeObject): KubeObject {
  const obj = structuredClone(doc);
  const info = kinds.find((k) => k.kind === obj.kind && obj.apiVersion === (k.group ? `${k.group}/${k.versions[0]}` : k.versions[0]));
  if (info?.namespaced && !obj.metadata.namespace) obj.metadata.namespace = 'default';
  applyDefaults(obj);
  admitDefaults(obj, { random: () => 0 });
  return obj;
}

const docsOf = (yaml: string) => (loadAll(yaml) as KubeObject[]).map(create);

describe('coreValidators', () => {
  test('every core kind of the kinds table has a validator', () => {
    const core = kinds.filter((k) => k.group === '').map((k) => k.kind).sort();
    expect(Object.keys(coreValidators).sort()).toEqual(core);
  });

  test.each(Object.keys(seeds))('%s from the seed notes validates cleanly', (name) => {
    for (const obj of docsOf(seeds[name]!)) expect(coreValidators[obj.kind]!.validate(obj).map(String)).toEqual([]);
  });

  test.each(Object.keys(templates))('the pod template of %s from the seed notes validates cleanly', (name) => {
    for (const obj of docsOf(templates[name]!)) {
      const template = (obj.spec as { template: unknown }).template;
      expect(validatePodTemplateSpec(template, FieldPath.root('spec', 'template')).map(String)).toEqual([]);
    }
  });

  test('the http-go pod whose gpu selector the notes wrote with curly quotes fails as on a real cluster', () => {
    const [pod] = docsOf(`
apiVersion: v1
kind: Pod
metadata:
  name: http-go
spec:
  containers:
  - name: http-go
    image: gasbugs/http-go
  nodeSelector:
    gpu: “true”
`);
    expect(coreValidators['Pod']!.validate(pod!).map(String)).toEqual([
      "spec.nodeSelector: Invalid value: \"“true”\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });

  test('a seed pod updated with a new image passes, one with a new node selector does not', () => {
    const [old] = docsOf(seeds['the node-selector pod']!);
    const stored: KubeObject = { ...old!, metadata: { ...old!.metadata, uid: 'u1', resourceVersion: '1' } };
    const withImage = structuredClone(stored);
    (withImage.spec as { containers: { image: string }[] }).containers[0]!.image = 'nginx:1.27';
    expect(coreValidators['Pod']!.validateUpdate(withImage, stored).map(String)).toEqual([]);
    const withNodeSelector = structuredClone(stored);
    (withNodeSelector.spec as { nodeSelector: Record<string, string> }).nodeSelector = { disktype: 'hdd' };
    expect(coreValidators['Pod']!.validateUpdate(withNodeSelector, stored).map(String)).toEqual([
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    ]);
  });
});
