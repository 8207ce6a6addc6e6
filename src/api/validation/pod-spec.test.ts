import { FieldPath } from '../field-error.js';
import { validatePodSpec, validatePodTemplateSpec } from './pod-spec.js';

type Json = Record<string, any>;

/** A container as the API server has defaulted it. */
const makeContainer = (over: Json = {}): Json => ({
  name: 'web',
  image: 'nginx',
  imagePullPolicy: 'Always',
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  resources: {},
  ...over,
});

/** A pod spec as the API server has defaulted it. */
const makeSpec = (over: Json = {}): Json => ({
  containers: [makeContainer()],
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 30,
  dnsPolicy: 'ClusterFirst',
  securityContext: {},
  schedulerName: 'default-scheduler',
  ...over,
});

const errorsOf = (spec: Json, resourceIsPod = true) =>
  validatePodSpec(spec, { name: 'p', namespace: 'default' }, FieldPath.root('spec'), { resourceIsPod, allowRelaxedEnvironmentVariableValidation: true }).map(String);

const labelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const qualifiedNameMsg =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

const cases: [string, Json, string[]][] = [
  ['a defaulted pod with one container is valid', makeSpec(), []],
  ['a pod without containers is rejected', makeSpec({ containers: [] }), ['spec.containers: Required value']],
  ['a container without an image is rejected', makeSpec({ containers: [makeContainer({ image: '' })] }), ['spec.containers[0].image: Required value']],
  [
    'a container name must be a DNS-1123 label',
    makeSpec({ containers: [makeContainer({ name: 'Web_1' })] }),
    [`spec.containers[0].name: Invalid value: "Web_1": ${labelMsg}`],
  ],
  ['a container without a name is rejected', makeSpec({ containers: [makeContainer({ name: '' })] }), ['spec.containers[0].name: Required value']],
  [
    'two containers may not share a name',
    makeSpec({ containers: [makeContainer(), makeContainer()] }),
    ['spec.containers[1].name: Duplicate value: "web"'],
  ],
  [
    'an init container may not reuse a regular container name',
    makeSpec({ initContainers: [makeContainer()] }),
    ['spec.initContainers[0].name: Duplicate value: "web"'],
  ],
  [
    'container ports need a port 1-65535 and a known protocol',
    makeSpec({ containers: [makeContainer({ ports: [{ containerPort: 70000, protocol: 'tcp' }, { containerPort: 0, protocol: 'TCP' }] })] }),
    [
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[1].containerPort: Required value',
    ],
  ],
  [
    'port names are IANA service names and unique within a container',
    makeSpec({
      containers: [
        makeContainer({
          ports: [
            { name: 'http', containerPort: 80, protocol: 'TCP' },
            { name: 'http', containerPort: 81, protocol: 'TCP' },
            { name: 'Web--Port-Name-Too-Long', containerPort: 82, protocol: 'TCP' },
            { name: '8080', containerPort: 83, protocol: 'TCP' },
          ],
        }),
      ],
    }),
    [
      'spec.containers[0].ports[1].name: Duplicate value: "http"',
      'spec.containers[0].ports[2].name: Invalid value: "Web--Port-Name-Too-Long": must be no more than 15 characters',
      'spec.containers[0].ports[2].name: Invalid value: "Web--Port-Name-Too-Long": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[2].name: Invalid value: "Web--Port-Name-Too-Long": must not contain consecutive hyphens',
      'spec.containers[0].ports[3].name: Invalid value: "8080": must contain at least one letter (a-z)',
    ],
  ],
  [
    'two containers may not claim the same host port and protocol',
    makeSpec({
      containers: [
        makeContainer({ name: 'a', ports: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }] }),
        makeContainer({ name: 'b', ports: [{ containerPort: 81, hostPort: 8080, protocol: 'TCP' }] }),
      ],
    }),
    ['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"'],
  ],
  [
    'a volume mount must name a volume of the pod',
    makeSpec({ containers: [makeContainer({ volumeMounts: [{ name: 'x', mountPath: '/data' }] })] }),
    ['spec.containers[0].volumeMounts[0].name: Not found: "x"'],
  ],
  [
    'mount paths are unique and sub paths stay inside the volume',
    makeSpec({
      volumes: [{ name: 'data', emptyDir: {} }],
      containers: [
        makeContainer({
          volumeMounts: [
            { name: 'data', mountPath: '/data' },
            { name: 'data', mountPath: '/data', subPath: '../etc' },
          ],
        }),
      ],
    }),
    [
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique',
      'spec.containers[0].volumeMounts.subPath: Invalid value: "../etc": must not contain \'..\'',
    ],
  ],
  [
    'requests may not exceed limits',
    makeSpec({ containers: [makeContainer({ resources: { limits: { cpu: '100m', memory: '1Gi' }, requests: { cpu: '500m', memory: '512Mi' } } })] }),
    ['spec.containers[0].resources.requests: Invalid value: "500m": must be less than or equal to cpu limit of 100m'],
  ],
  [
    'extended resources need limits equal to requests',
    makeSpec({
      containers: [
        makeContainer({ name: 'a', resources: { limits: { 'nvidia.com/gpu': '2' }, requests: { 'nvidia.com/gpu': '1' } } }),
        makeContainer({ name: 'b', resources: { requests: { 'nvidia.com/gpu': '1' } } }),
      ],
    }),
    [
      'spec.containers[0].resources.requests: Invalid value: "1": must be equal to nvidia.com/gpu limit of 2',
      'spec.containers[1].resources.limits: Required value: Limit must be set for non overcommitable resources',
    ],
  ],
  [
    'resource names must be known to containers and quantities not negative',
    makeSpec({ containers: [makeContainer({ resources: { limits: { pods: '1', memory: '-1Gi' } } })] }),
    [
      'spec.containers[0].resources.limits[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
      'spec.containers[0].resources.limits[pods]: Invalid value: "pods": must be a standard resource for containers',
    ],
  ],
  [
    'extended resources must be whole numbers',
    makeSpec({ containers: [makeContainer({ resources: { limits: { 'example.com/foo': '500m' }, requests: { 'example.com/foo': '500m' } } })] }),
    [
      'spec.containers[0].resources.limits[example.com/foo]: Invalid value: resource.Quantity{i:resource.int64Amount{value:500, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"500m", Format:"DecimalSI"}: must be an integer',
      'spec.containers[0].resources.requests[example.com/foo]: Invalid value: resource.Quantity{i:resource.int64Amount{value:500, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"500m", Format:"DecimalSI"}: must be an integer',
    ],
  ],
  [
    'a probe needs exactly one handler',
    makeSpec({
      containers: [
        makeContainer({
          livenessProbe: { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
          readinessProbe: {
            exec: { command: ['true'] },
            tcpSocket: { port: 80 },
            timeoutSeconds: 1,
            periodSeconds: 10,
            successThreshold: 1,
            failureThreshold: 3,
          },
        }),
      ],
    }),
    ['spec.containers[0].livenessProbe: Required value: must specify a handler type', 'spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type'],
  ],
  [
    'a liveness probe must succeed once, and an httpGet port must be valid',
    makeSpec({
      containers: [
        makeContainer({
          livenessProbe: { httpGet: { path: '/', port: 'HTTP_PORT', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: -1, successThreshold: 2, failureThreshold: 3 },
        }),
      ],
    }),
    [
      'spec.containers[0].livenessProbe.httpGet.port: Invalid value: "HTTP_PORT": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
    ],
  ],
  [
    'init containers without restartPolicy Always may not have probes',
    makeSpec({ initContainers: [makeContainer({ name: 'init', readinessProbe: { exec: { command: ['true'] }, successThreshold: 1 } })] }),
    ['spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always'],
  ],
  [
    'regular containers may not set a restartPolicy',
    makeSpec({ containers: [makeContainer({ restartPolicy: 'Always' })] }),
    ['spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers'],
  ],
  [
    'policies must be among upstream lists',
    makeSpec({ restartPolicy: 'Sometimes', dnsPolicy: 'Google', containers: [makeContainer({ imagePullPolicy: 'Maybe', terminationMessagePolicy: 'Log' })] }),
    [
      'spec.containers[0].terminationMessagePolicy: Unsupported value: "Log": supported values: "File", "FallbackToLogsOnError"',
      'spec.containers[0].imagePullPolicy: Unsupported value: "Maybe": supported values: "Always", "IfNotPresent", "Never"',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ],
  ],
  [
    'env names may use any printable ASCII but =, and valueFrom needs exactly one source',
    makeSpec({
      containers: [
        makeContainer({
          env: [
            { name: '1-ok.name' },
            { name: 'A=B' },
            { name: 'X', valueFrom: {} },
            { name: 'Y', value: 'v', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
            { name: 'Z', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.phase' } } },
            { name: 'W', valueFrom: { configMapKeyRef: { name: 'cm', key: 'bad key' } } },
          ],
        }),
      ],
    }),
    [
      'spec.containers[0].env[1].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than \'=\'',
      'spec.containers[0].env[2].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      'spec.containers[0].env[3].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
      'spec.containers[0].env[4].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
      "spec.containers[0].env[5].valueFrom.configMapKeyRef.key: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ],
  ],
  [
    'envFrom needs a configMapRef or a secretRef',
    makeSpec({ containers: [makeContainer({ envFrom: [{ prefix: 'P_' }] })] }),
    ['spec.containers[0].envFrom: Invalid value: "": must specify one of: `configMapRef` or `secretRef`'],
  ],
  [
    'volumes need a unique DNS-label name and exactly one source',
    makeSpec({
      volumes: [
        { name: 'data', emptyDir: {}, hostPath: { path: '/tmp' } },
        { name: 'Data' },
        { name: 'cfg', configMap: { name: 'c' } },
        { name: 'cfg', secret: { secretName: 's' } },
      ],
    }),
    [
      'spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type',
      'spec.volumes[1]: Required value: must specify a volume type',
      `spec.volumes[1].name: Invalid value: "Data": ${labelMsg}`,
      'spec.volumes[3].name: Duplicate value: "cfg"',
    ],
  ],
  [
    'volume sources name what they need',
    makeSpec({
      volumes: [
        { name: 'a', hostPath: { path: '' } },
        { name: 'b', configMap: {} },
        { name: 'c', secret: {} },
        { name: 'd', persistentVolumeClaim: {} },
        { name: 'e', hostPath: { path: '/x', type: 'Folder' } },
        { name: 'f', emptyDir: { sizeLimit: '-1Gi' } },
        { name: 'g', nfs: { server: 'nfs', path: 'share' } },
      ],
    }),
    [
      'spec.volumes[0].hostPath.path: Required value',
      'spec.volumes[1].configMap.name: Required value',
      'spec.volumes[2].secret.secretName: Required value',
      'spec.volumes[3].persistentVolumeClaim.claimName: Required value',
      'spec.volumes[4].hostPath.type: Unsupported value: "Folder": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
      'spec.volumes[5].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity',
      'spec.volumes[6].nfs.path: Invalid value: "share": must be an absolute path',
    ],
  ],
  [
    'node selector keys and values are label keys and values',
    makeSpec({ nodeSelector: { 'disk type': 'ssd', gpu: '"true"' } }),
    [
      `spec.nodeSelector: Invalid value: "disk type": ${qualifiedNameMsg}`,
      'spec.nodeSelector: Invalid value: "\\"true\\"": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')',
    ],
  ],
  [
    'node affinity terms need values for In and none for Exists',
    makeSpec({
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'zone', operator: 'In' },
                  { key: 'ssd', operator: 'Exists', values: ['x'] },
                  { key: 'cpu', operator: 'Gt', values: ['1', '2'] },
                  { key: 'x', operator: 'Equals', values: ['a'] },
                ],
              },
            ],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: {} }],
        },
      },
    }),
    [
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[2].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[3].operator: Invalid value: "Equals": not a valid selector operator',
      'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100',
    ],
  ],
  [
    'an empty nodeSelectorTerms list is rejected',
    makeSpec({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } }),
    ['spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term'],
  ],
  [
    'a pod affinity term needs a topologyKey',
    makeSpec({ affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: 'a' } } } }] } } }),
    [
      'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey: Required value: can not be empty',
      'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey: Invalid value: "": name part must be non-empty',
      `spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey: Invalid value: "": ${qualifiedNameMsg}`,
    ],
  ],
  [
    'tolerations follow the operator, effect and tolerationSeconds rules',
    makeSpec({
      tolerations: [
        { key: 'a', operator: 'Exists', value: 'b' },
        { key: 'c', operator: 'Equal', value: 'd', effect: 'NoSchedule', tolerationSeconds: 30 },
        { operator: 'Equal', value: 'x' },
        { key: 'e', operator: 'In' },
        { key: 'f', effect: 'NoRun' },
        { operator: 'Exists' },
      ],
    }),
    [
      "spec.tolerations[0].operator: Invalid value: \"b\": value must be empty when `operator` is 'Exists'",
      "spec.tolerations[1].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
      'spec.tolerations[2].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      'spec.tolerations[3].operator: Unsupported value: "In": supported values: "Equal", "Exists"',
      'spec.tolerations[4].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ],
  ],
  [
    'deadlines, grace periods, hostnames and class names are checked',
    makeSpec({ activeDeadlineSeconds: 0, hostname: 'My_Host', subdomain: 'a.b', priorityClassName: 'High', serviceAccountName: 'SA', nodeName: 'node_1' }),
    [
      'spec.serviceAccountName: Invalid value: "SA": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
      'spec.nodeName: Invalid value: "node_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
      'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
      `spec.hostname: Invalid value: "My_Host": ${labelMsg}`,
      'spec.subdomain: Invalid value: "a.b": must not contain dots',
      'spec.priorityClassName: Invalid value: "High": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
    ],
  ],
  ['a missing grace period is required', makeSpec({ terminationGracePeriodSeconds: undefined }), ['spec.terminationGracePeriodSeconds: Required value']],
  [
    'topology spread constraints need a positive skew, a key and a known action, once each',
    makeSpec({
      topologySpreadConstraints: [
        { maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'a' } } },
        { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' },
        { maxSkew: 1, topologyKey: '', whenUnsatisfiable: 'Sometimes' },
      ],
    }),
    [
      'spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero',
      'spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: "{zone, DoNotSchedule}"',
      'spec.topologySpreadConstraints[2].topologyKey: Required value: can not be empty',
      'spec.topologySpreadConstraints[2].whenUnsatisfiable: Unsupported value: "Sometimes": supported values: "DoNotSchedule", "ScheduleAnyway"',
    ],
  ],
  [
    'a pod on the host network must use its container ports as host ports',
    makeSpec({ hostNetwork: true, containers: [makeContainer({ ports: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }] })] }),
    ['spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true'],
  ],
  [
    'security contexts take ids in range and known seccomp types',
    makeSpec({
      securityContext: { runAsUser: -1, seccompProfile: { type: 'Strict' } },
      containers: [makeContainer({ securityContext: { runAsGroup: -5, allowPrivilegeEscalation: false, privileged: true } })],
    }),
    [
      'spec.containers[0].securityContext.runAsGroup: Invalid value: -5: must be between 0 and 2147483647, inclusive',
      'spec.containers[0].securityContext: Invalid value: core.SecurityContext{Capabilities:(*core.Capabilities)(nil), Privileged:(*bool)(0xc000a1e0d0), SELinuxOptions:(*core.SELinuxOptions)(nil), WindowsOptions:(*core.WindowsSecurityContextOptions)(nil), RunAsUser:(*int64)(nil), RunAsGroup:(*int64)(0xc000a1e0d0), RunAsNonRoot:(*bool)(nil), ReadOnlyRootFilesystem:(*bool)(nil), AllowPrivilegeEscalation:(*bool)(0xc000a1e0d0), ProcMount:(*core.ProcMountType)(nil), SeccompProfile:(*core.SeccompProfile)(nil), AppArmorProfile:(*core.AppArmorProfile)(nil)}: cannot set `allowPrivilegeEscalation` to false and `privileged` to true',
      'spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive',
      'spec.securityContext.seccompProfile.type: Unsupported value: "Strict": supported values: "Localhost", "RuntimeDefault", "Unconfined"',
    ],
  ],
  [
    'dnsPolicy None requires a dnsConfig with nameservers',
    makeSpec({ dnsPolicy: 'None' }),
    ['spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None'],
  ],
];

describe('validatePodSpec', () => {
  test.each(cases)('%s', (_name, spec, expected) => {
    expect(errorsOf(spec)).toEqual(expected);
  });

  test('a template may leave hostPort unset on the host network, a pod may not', () => {
    const spec = makeSpec({ hostNetwork: true, containers: [makeContainer({ ports: [{ containerPort: 80, protocol: 'TCP' }] })] });
    expect(errorsOf(spec, false)).toEqual([]);
    expect(errorsOf(spec, true)).toEqual(['spec.containers[0].ports[0].hostPort: Invalid value: 0: must match `containerPort` when `hostNetwork` is true']);
  });
});

describe('validatePodTemplateSpec', () => {
  const template = (over: Json = {}) => ({ metadata: { labels: { app: 'web' } }, spec: makeSpec(), ...over });
  const t = (tpl: Json) => validatePodTemplateSpec(tpl, FieldPath.root('spec', 'template')).map(String);

  test.each([
    ['a defaulted template is valid', template(), []],
    [
      'template labels are reported at template.labels, as upstream does',
      template({ metadata: { labels: { app: 'web_' } } }),
      [
        'spec.template.labels: Invalid value: "web_": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')',
      ],
    ],
    [
      'the spec is validated under template.spec',
      template({ spec: makeSpec({ containers: [makeContainer({ image: '' })] }) }),
      ['spec.template.spec.containers[0].image: Required value'],
    ],
    [
      'ephemeral containers are not allowed in a template',
      template({ spec: makeSpec({ ephemeralContainers: [{ name: 'debug', image: 'busybox', imagePullPolicy: 'Always', terminationMessagePolicy: 'File' }] }) }),
      ['spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template'],
    ],
  ] as [string, Json, string[]][])('%s', (_n, tpl, expected) => {
    expect(t(tpl)).toEqual(expected);
  });
});
