import { ClusterConfigError, defaultClusterConfig, parseClusterConfig, parseTaintSpec, registrationOf } from './cluster-config.js';
import { newNodeConfig } from './node-changes.js';

describe('cluster config', () => {
  it('the default cluster is kubeadm\'s: a control-plane node and two workers on 192.168.56.x', () => {
    const c = defaultClusterConfig();
    expect(c.nodes.map((n) => `${n.name} ${n.role} ${n.internalIP}`)).toEqual(['controlplane control-plane 192.168.56.10', 'node01 worker 192.168.56.11', 'node02 worker 192.168.56.12']);
    expect(c.controllerManager.nodeMonitorGracePeriod).toBe('50s');
    expect(c.kubelet.nodeLeaseDurationSeconds).toBe(40);
    expect(defaultClusterConfig(5).nodes.map((n) => n.name)).toEqual(['controlplane', 'node01', 'node02', 'node03', 'node04']);
  });

  it('an empty file is the default cluster', () => {
    expect(parseClusterConfig('')).toEqual(defaultClusterConfig());
  });

  it('a file sets nodes, capacity, reservations and periods; what it leaves out is defaulted', () => {
    const c = parseClusterConfig(`
controllerManager: {nodeMonitorGracePeriod: 2s}
nodes:
- name: cp
- name: gpu
  labels: {accelerator: t4, empty: null}
  taints: ["gpu=yes:NoSchedule", {key: dedicated, effect: NoExecute}]
  capacity: {cpu: "8", nvidia.com/gpu: 2}
  kubeReserved: {cpu: 100m}
`);
    expect(c.controllerManager).toMatchObject({ nodeMonitorGracePeriod: '2s', nodeMonitorPeriod: '5s' });
    const [cp, gpu] = c.nodes;
    expect(cp).toMatchObject({ name: 'cp', role: 'control-plane', internalIP: '192.168.56.10' });
    expect(gpu).toMatchObject({
      name: 'gpu',
      role: 'worker',
      labels: { accelerator: 't4', empty: '' },
      taints: [
        { key: 'gpu', value: 'yes', effect: 'NoSchedule' },
        { key: 'dedicated', effect: 'NoExecute' },
      ],
      capacity: { cpu: '8', memory: '4025224Ki', pods: '110', 'ephemeral-storage': '20134592Ki', 'nvidia.com/gpu': '2' },
      kubeReserved: { cpu: '100m' },
    });
  });

  it.each([
    ['an unknown field', 'nodez: []', ['nodez: Invalid value: "nodez": unknown field']],
    ['a wrong kind', 'kind: Pod', ['kind: Unsupported value: "Pod": supported values: "Cluster"']],
    ['no nodes', 'nodes: []', ['nodes: Required value: a cluster needs at least one node']],
    ['no control-plane node', 'nodes: [{name: a, role: worker}]', ['nodes: Required value: a cluster needs a node with role control-plane']],
    ['two nodes of one name', 'nodes: [{name: a}, {name: a}]', ['nodes[1].name: Duplicate value: "a"']],
    ['a node without a name', 'nodes: [{role: worker}]', ['nodes[0].name: Required value']],
    ['a bad role', 'nodes: [{name: cp}, {name: a, role: boss}]', ['nodes[1].role: Unsupported value: "boss": supported values: "control-plane", "worker"']],
    ['a bad taint effect', 'nodes: [{name: a, taints: ["k=v:Sometimes"]}]', ['nodes[0].taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"']],
    ['a bad quantity', 'nodes: [{name: a, capacity: {memory: lots}}]', ["nodes[0].capacity.memory: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"]],
    ['a bad duration', 'kubelet: {nodeStatusUpdateFrequency: soon}', ['kubelet.nodeStatusUpdateFrequency: Invalid value: "soon": time: invalid duration "soon"']],
    ['a bad eviction signal', 'kubelet: {evictionHard: {cpu.available: 1}}', ['kubelet.evictionHard.cpu.available: Unsupported value: "cpu.available": supported values: "memory.available", "nodefs.available", "nodefs.inodesFree", "imagefs.available", "imagefs.inodesFree", "pid.available"']],
  ])('%s is reported with its field path', (_name, text, errors) => {
    let err: unknown;
    try {
      parseClusterConfig(text, 'c.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ClusterConfigError);
    expect((err as ClusterConfigError).errors.map(String)).toEqual(errors);
  });

  it('a YAML syntax error names the file', () => {
    expect(() => parseClusterConfig('nodes: [', 'c.yaml')).toThrow(/^c\.yaml: error converting YAML to JSON: /);
  });

  it.each([
    ['key=value:Effect', 'dedicated=db:NoSchedule', { key: 'dedicated', value: 'db', effect: 'NoSchedule' }],
    ['key:Effect', 'node-role.kubernetes.io/control-plane:NoSchedule', { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
    ['no effect', 'dedicated=db', undefined],
  ])('a taint spec as %s', (_n, spec, taint) => {
    expect(parseTaintSpec(spec)).toEqual(taint);
  });

  it('a control-plane node registers with kubeadm\'s labels and taint, a worker with its own only', () => {
    const [cp, worker] = defaultClusterConfig().nodes;
    expect(registrationOf(cp!)).toEqual({
      labels: { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' },
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
    });
    expect(registrationOf(worker!)).toEqual({ labels: {}, taints: [] });
  });

  it('a new node takes the first free address, and an existing name is refused', () => {
    const c = defaultClusterConfig();
    c.nodes = c.nodes.filter((n) => n.name !== 'node01');
    expect(newNodeConfig(c, { name: 'node03' }).internalIP).toBe('192.168.56.11');
    expect(() => newNodeConfig(c, { name: 'node02' })).toThrow('node "node02" already exists');
    expect(() => newNodeConfig(c, { name: 'Bad_Name' })).toThrow(/node.name: Invalid value: "Bad_Name"/);
  });
});
