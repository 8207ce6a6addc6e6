import { loadAll } from 'js-yaml';
import type { KubeObject } from '../object.js';
import { toStored, toVersion } from '../conversion/hpa.js';
import { admitDefaults } from './admission.js';
import { applyDefaults } from './index.js';

// The YAML examples of /work/shared/seeds/*.txt, copied verbatim (mistakes included); the ones the notes
// flattened into prose are rebuilt as the authors meant them.
const seeds: Record<string, string> = {
  'the fluentd DaemonSet with its `slector` typo (000)': `
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd-elasticsearch
  namespace: kube-system
  labels:
    k8s-app: fluentd-logging
spec:
  slector:
    matchLabels:
      name: fluentd-elasticsearch
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
  'the manually scheduled http-go pod (000)': `
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
  'the http-go pod with a curly-quoted gpu selector (000)': `
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
`,
  'the my-scheduler account and its misspelled binding (000)': `
apiVersion: v1
kind: ServiceAccount
metadata:
  name: my-scheduler
  namespace: kube-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: my-scheduler-as-kube-scheduler
subjects:
- kind: ServiceAccount
  name: my-scheduler
  namespace: kube-system
roleRef:
  kind: ClusterRole
  name: system:kube-scheduler
  apiGroup: rbac.autorization.k8s.io
`,
  'the two multi-scheduler pods (000)': `
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
  'the myapp-hpa autoscaling/v1 HPA (000)': `
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: myapp-hpa
  namespace: default
spec:
  maxReplicas: 10
  minReplicas: 1
  scaleTargetRef:
    apiVersion: extensions/v1beta1
    kind: Deployment
    name: myapp
  targetCPUUtilizationPercentage: 30
`,
  'the game-volume pod (002)': `
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
  'the node-selector pod (002)': `
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
  'the node affinity pod (003)': `
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
  'the pod affinity pod (003)': `
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
  'the whoami-web ReplicaSet and LoadBalancer Service (004)': `
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: whoami-web
  labels:
    kiamol: ch06
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
---
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
  'the pi-web Deployment (004)': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: pi-web
  labels:
    kiamol: ch06
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
  'the pi-proxy Deployment and DaemonSet with hostPath caches (004)': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: pi-proxy
  labels:
    kiamol: ch06
spec:
  replicas: 3
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
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: pi-proxy
  labels:
    kiamol: ch06
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

/** What the API server does on create: the storage version, defaults, then admission for new objects. */
function create(doc: KubeObject): KubeObject {
  const obj = doc.kind === 'HorizontalPodAutoscaler' ? toStored(doc) : structuredClone(doc);
  applyDefaults(obj);
  admitDefaults(obj, { random: () => 0 });
  return obj;
}

const docsOf = (yaml: string) => loadAll(yaml) as KubeObject[];

describe('the seed notes\' examples', () => {
  it.each(Object.keys(seeds))('%s default without error and are idempotent', (name) => {
    for (const doc of docsOf(seeds[name]!)) {
      const created = create(doc);
      const again = structuredClone(created);
      applyDefaults(again);
      expect(again).toEqual(created);
    }
  });

  it('the fluentd DaemonSet keeps its typo for validation to refuse, and its template gets pod defaults', () => {
    const [ds] = docsOf(seeds['the fluentd DaemonSet with its `slector` typo (000)']!).map(create);
    const spec = ds!.spec as Record<string, unknown>;
    expect(spec.slector).toBeDefined();
    expect(spec.selector).toBeUndefined();
    expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    const volumes = (spec.template as { spec: { volumes: unknown[] } }).spec.volumes;
    expect(volumes).toEqual([
      { name: 'varlog', hostPath: { path: '/var/log', type: '' } },
      { name: 'varlibdockercontainers', hostPath: { path: '/var/lib/docker/containers', type: '' } },
    ]);
  });

  it('the misspelled roleRef apiGroup is kept for validation to refuse', () => {
    const [, crb] = docsOf(seeds['the my-scheduler account and its misspelled binding (000)']!).map(create);
    expect(crb!.roleRef).toEqual({ kind: 'ClusterRole', name: 'system:kube-scheduler', apiGroup: 'rbac.autorization.k8s.io' });
    expect(crb!.subjects).toEqual([{ kind: 'ServiceAccount', name: 'my-scheduler', namespace: 'kube-system', apiGroup: '' }]);
  });

  it('the second multi-scheduler pod keeps its own scheduler name', () => {
    const [first, second] = docsOf(seeds['the two multi-scheduler pods (000)']!).map(create);
    expect((first!.spec as Record<string, unknown>).schedulerName).toBe('default-scheduler');
    expect((second!.spec as Record<string, unknown>).schedulerName).toBe('my-scheduler');
  });

  it('the seed HPA reads back through autoscaling/v1 with its 30% target', () => {
    const [hpa] = docsOf(seeds['the myapp-hpa autoscaling/v1 HPA (000)']!).map(create);
    expect(toVersion(hpa!, 'v1').spec).toEqual({ maxReplicas: 10, minReplicas: 1, scaleTargetRef: { apiVersion: 'extensions/v1beta1', kind: 'Deployment', name: 'myapp' }, targetCPUUtilizationPercentage: 30 });
  });

  it('the whoami Service becomes a LoadBalancer with cluster traffic policies', () => {
    const [, svc] = docsOf(seeds['the whoami-web ReplicaSet and LoadBalancer Service (004)']!).map(create);
    expect(svc!.spec).toEqual({
      ports: [{ port: 8088, targetPort: 80, protocol: 'TCP' }],
      selector: { app: 'whoami-web' },
      type: 'LoadBalancer',
      sessionAffinity: 'None',
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      allocateLoadBalancerNodePorts: true,
    });
  });

  it.each([
    [
      'the static pod written without a colon after metadata (000)',
      'apiVersion: v1\nkind: Pod\nmetadata\n  name: static-web\n  labels:\n    role: myrole\nspec:\n  containers:\n  - name: web\n    image: nginx\n',
    ],
    ['the random-generator pod indented with tabs (003)', 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: random-generator\nspec:\n\tcontainers: \n\t- image: k8spatterns/random-generator:0.0.1\n'],
  ])('%s is not YAML, so it fails before any defaulting', (_name, yaml) => {
    expect(() => docsOf(yaml)).toThrow();
  });
});
