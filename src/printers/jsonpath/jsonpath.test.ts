import { JsonPath } from './jsonpath.js';

const makePod = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'web-1', controller: true }] },
  spec: { priority: 0, containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }, { name: 'side', image: 'busybox' }] },
  status: {
    conditions: [
      { type: 'Initialized', status: 'True', lastProbeTime: null },
      { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
      { type: 'PodScheduled', status: 'True' },
    ],
  },
});

const run = (template: string, data: unknown = makePod(), allowMissingKeys = true) => new JsonPath(template, { allowMissingKeys }).execute(data);

describe('JsonPath', () => {
  it.each([
    ['a field', '{.metadata.name}', 'web'],
    ['text around actions', 'n={.metadata.name};', 'n=web;'],
    ['values of a wildcard joined by spaces', '{.spec.containers[*].name}', 'nginx side'],
    ['a map as compact JSON', '{.metadata.labels}', '{"app":"web","tier":"front"}'],
    ['a list as compact JSON', '{.spec.containers[0].ports}', '[{"containerPort":80}]'],
    ['null as null', '{.status.conditions[0].lastProbeTime}', 'null'],
    ['an int', '{.spec.priority}', '0'],
    ['a negative index', '{.status.conditions[-1].type}', 'PodScheduled'],
    ['a slice', '{.status.conditions[0:2].type}', 'Initialized Ready'],
    ['a slice with a step', '{.status.conditions[0:3:2].type}', 'Initialized PodScheduled'],
    ['a union of indexes', '{.status.conditions[0,2].type}', 'Initialized PodScheduled'],
    ['a union of keys', "{.metadata['name','labels']}", 'web {"app":"web","tier":"front"}'],
    ['an equality filter', '{.status.conditions[?(@.type=="Ready")].status}', 'False'],
    ['an inequality filter', '{.status.conditions[?(@.status!="True")].type}', 'Ready'],
    ['an existence filter', '{.status.conditions[?(@.reason)].type}', 'Ready'],
    ['a boolean filter', '{.metadata.ownerReferences[?(@.controller==true)].name}', 'web-1'],
    ['recursive descent', '{.spec..containerPort}', '80'],
    ['a range with a literal newline', '{range .status.conditions[*]}{.type}{"\\n"}{end}', 'Initialized\nReady\nPodScheduled\n'],
    ['nested ranges', '{range .spec.containers[*]}{.name}:{range .ports[*]}{.containerPort}{end};{end}', 'nginx:80;side:;'],
    ['a range over nothing, then the rest', '{range .spec.volumes[*]}x{end}done', 'done'],
    ['the current object', '{@.kind}', 'Pod'],
    ['the bytes of a string under a wildcard', '{.kind.*}', '80 111 100'],
    ['a missing key as nothing', '{.spec.nodeName}', ''],
  ])('prints %s', (_name, template, expected) => {
    expect(run(template)).toBe(expected);
  });

  it.each([
    ['a missing key when keys must exist', '{.spec.nodeName}', false, 'nodeName is not found'],
    ['an index past the end', '{.status.conditions[5]}', true, 'array index out of bounds: index 5, length 3'],
    ['indexing a map', '{.metadata[0]}', true, 'map[string]interface {} is not array or slice'],
    ['a start after the end', '{.status.conditions[2:1]}', true, 'starting index 2 is greater than ending index 1'],
    ['a zero step', '{.status.conditions[0:2:0]}', true, 'step must be > 0'],
    ['an int compared with a float', '{.spec.containers[0].ports[?(@.containerPort>1.5)]}', true, 'incompatible types for comparison'],
    ['a map compared with a string', '{.spec.containers[?(@.ports=="x")]}', true, 'invalid type for comparison'],
    ['filtering a map', '{.metadata[?(@.x)]}', true, 'is not array or slice and cannot be filtered'],
    ['end without range', '{.kind}{end}', true, 'not in range, nothing to end'],
    ['an unknown identifier', '{foo}', true, 'unrecognized identifier foo'],
  ])('fails on %s', (_name, template, allowMissingKeys, message) => {
    expect(() => run(template, makePod(), allowMissingKeys)).toThrow(message);
  });

  it('visits map entries in sorted key order for wildcards', () => {
    expect(run('{.metadata.labels.*}')).toBe('web front');
  });

  it('prints each result list as an indented JSON array in JSON output mode', () => {
    expect(new JsonPath('{.spec.containers[*].name}', { allowMissingKeys: true, outputJson: true }).execute(makePod())).toBe('[\n    "nginx",\n    "side"\n]\n');
  });

  it('gives the same answer when run twice', () => {
    const jp = new JsonPath('{range .spec.containers[*]}{.name} {end}', { allowMissingKeys: true });
    expect(jp.execute(makePod())).toBe(jp.execute(makePod()));
  });
});
