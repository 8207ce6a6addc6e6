import {
  andSelectors,
  convertFieldSelector,
  escapeFieldValue,
  everything,
  fieldSelectorFor,
  FieldSelectorError,
  fieldSelectorFromSet,
  fieldsOf,
  oneTermEqualSelector,
  oneTermNotEqualSelector,
  parseFieldSelector,
  supportedFieldLabels,
  unescapeFieldValue,
  validateFieldSelector,
} from './field-selector.js';

const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof FieldSelectorError) return e.message;
    throw e;
  }
  throw new Error('expected a FieldSelectorError');
};

const makePod = (over: { name?: string; namespace?: string; spec?: Record<string, unknown>; status?: Record<string, unknown> } = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: over.name ?? 'web-0', namespace: over.namespace ?? 'default' },
  spec: { containers: [{ name: 'c', image: 'nginx' }], ...over.spec },
  status: { ...over.status },
});

describe('parsing (upstream TestSelectorParse, TestSplitTerms, TestSplitTerm)', () => {
  it.each(['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=a||y\\=b', 'x=a\\=\\=b'])('the good selector %j prints back unchanged', (s) => {
    expect(parseFieldSelector(s).toString()).toBe(s);
  });

  it.each([
    ['x=a||y=b', 'invalid field selector: unescaped character in value: 61'],
    ['x==a==b', 'invalid field selector: unescaped character in value: 61'],
    ['x=a,b', "invalid selector: 'x=a,b'; can't understand 'b'"],
    ['x in (a)', "invalid selector: 'x in (a)'; can't understand 'x in (a)'"],
    ['x in (a,b,c)', "invalid selector: 'x in (a,b,c)'; can't understand 'b'"],
    ['x', "invalid selector: 'x'; can't understand 'x'"],
    ['k=\\a', 'invalid field selector: invalid escape sequence: \\a'],
    ['k=\\', 'invalid field selector: invalid escape sequence: \\'],
  ])('the bad selector %j fails with upstream message', (s, want) => {
    expect(errorOf(() => parseFieldSelector(s))).toBe(want);
  });

  it.each([
    ['a=avalue,b==bvalue,c!=cvalue', [['a', '=', 'avalue'], ['b', '=', 'bvalue'], ['c', '!=', 'cvalue']]],
    ['a=a,', [['a', '=', 'a']]],
    [',a=a', [['a', '=', 'a']]],
    // Raw terms are sorted before unescaping: "k2=..." sorts before "k=..." ('2' < '=').
    ['k=\\,,k2=v2', [['k2', '=', 'v2'], ['k', '=', ',']]],
    ['k=\\\\,k2=v2', [['k2', '=', 'v2'], ['k', '=', '\\']]],
    ['k=\\\\\\,,k2=v2', [['k2', '=', 'v2'], ['k', '=', '\\,']]],
    ['함=수,목=록', [['목', '=', '록'], ['함', '=', '수']]],
    ['b=1,a=2', [['a', '=', '2'], ['b', '=', '1']]],
    ['c!=', [['c', '!=', '']]],
    // No trimming: the space belongs to the field name, and the server then refuses that field.
    ['metadata.name = x', [['metadata.name ', '=', ' x']]],
    // The first operator splits the term, "!=" before "=" at the same position.
    ['a=!b', [['a', '=', '!b']]],
  ])('%j splits into the expected terms', (s, want) => {
    expect(parseFieldSelector(s).requirements().map((r) => [r.field, r.operator, r.value])).toEqual(want);
  });

  it('parsing is deterministic: terms are sorted', () => {
    expect(parseFieldSelector('x=a,a=x').toString()).toBe(parseFieldSelector('a=x,x=a').toString());
    expect(parseFieldSelector('x=a,a=x').toString()).toBe('a=x,x=a');
  });

  it('a double equals is printed as a single one', () => {
    expect(parseFieldSelector('status.phase==Running').toString()).toBe('status.phase=Running');
  });
});

describe('escaping (upstream TestEscapeValue)', () => {
  it.each([
    ['', ''],
    ['a', 'a'],
    ['=', '\\='],
    [',', '\\,'],
    ['\\', '\\\\'],
    ['\\=\\,\\', '\\\\\\=\\\\\\,\\\\'],
  ])('%j escapes to %j and back', (raw, escaped) => {
    expect(escapeFieldValue(raw)).toBe(escaped);
    expect(unescapeFieldValue(escaped)).toBe(raw);
  });

  it.each([
    ['an orphan backslash', '\\', 'invalid field selector: invalid escape sequence: \\'],
    ['an orphan backslash after an escaped one', '\\\\\\', 'invalid field selector: invalid escape sequence: \\'],
    ['an unknown escape', '\\a', 'invalid field selector: invalid escape sequence: \\a'],
    ['an unescaped comma, printed as its code point like upstream', 'a,b', 'invalid field selector: unescaped character in value: 44'],
  ])('%s is refused', (_name, value, want) => {
    expect(errorOf(() => unescapeFieldValue(value))).toBe(want);
  });
});

describe('matching (upstream TestSelectorMatches, TestSetMatches)', () => {
  const fieldset = { foo: 'bar', baz: 'blah', complex: '=value\\,\\' };
  it.each([
    ['', { x: 'y' }, true],
    ['x=y', { x: 'y' }, true],
    ['x=y,z=w', { x: 'y', z: 'w' }, true],
    ['x!=y,z!=w', { x: 'z', z: 'a' }, true],
    ['notin=in', { notin: 'in' }, true],
    ['x=y', { x: 'z' }, false],
    ['x=y,z=w', { x: 'w', z: 'w' }, false],
    ['x!=y,z!=w', { x: 'z', z: 'w' }, false],
    ['foo=bar', fieldset, true],
    ['baz=blah', fieldset, true],
    ['foo=bar,baz=blah', fieldset, true],
    ['foo=bar,baz=blah,complex=\\=value\\\\\\,\\\\', fieldset, true],
    ['foo=blah', fieldset, false],
    ['baz=bar', fieldset, false],
    ['foo=bar,foobar=bar,baz=blah', fieldset, false],
    ['missing=', { x: 'y' }, true],
    ['missing!=', { x: 'y' }, false],
    ['constructor=', {}, true],
  ])('%j against %j matches: %s', (s, fields, want) => {
    expect(parseFieldSelector(s).matches(fields)).toBe(want);
  });

  it('sets, one-term selectors and ANDs select as upstream', () => {
    const labelset = { foo: 'bar', baz: 'blah' };
    expect(fieldSelectorFromSet({}).matches(labelset)).toBe(true);
    expect(fieldSelectorFromSet(undefined).isEmpty()).toBe(true);
    expect(fieldSelectorFromSet({ foo: 'bar', baz: 'blah' }).matches(labelset)).toBe(true);
    expect(fieldSelectorFromSet({ foo: '=blah' }).matches(labelset)).toBe(false);
    expect(oneTermEqualSelector('x', 'y').matches({ x: 'y' })).toBe(true);
    expect(oneTermEqualSelector('x', 'y').matches({ x: 'z' })).toBe(false);
    expect(oneTermNotEqualSelector('x', 'y').matches({ x: 'z' })).toBe(true);
    expect(andSelectors(oneTermEqualSelector('a', '1'), oneTermNotEqualSelector('b', '2')).toString()).toBe('a=1,b!=2');
    expect(everything().isEmpty()).toBe(true);
    expect(everything().matches({ x: 'y' })).toBe(true);
  });
});

describe('requiresExactMatch (upstream TestRequiresExactMatch)', () => {
  it.each([
    ['an empty set requires nothing', fieldSelectorFromSet({}), 'test', undefined],
    ['another field is skipped', oneTermEqualSelector('a', 'b'), 'test', undefined],
    ['an equality on the field requires its value', oneTermEqualSelector('test', 'b'), 'test', 'b'],
    ['an equality to the empty value requires the empty value', oneTermEqualSelector('test', ''), 'test', ''],
    ['an inequality requires nothing', oneTermNotEqualSelector('test', 'b'), 'test', undefined],
    ['a later matching term is found', parseFieldSelector('a=,test=b'), 'test', 'b'],
  ])('%s', (_name, selector, field, want) => {
    expect(selector.requiresExactMatch(field)).toBe(want);
  });
});

describe('transform', () => {
  it('rewrites each term and drops those rewritten to empty', () => {
    const s = parseFieldSelector('a=1,b=2').transform((f, v) => (f === 'a' ? ['', ''] : [`x.${f}`, v]));
    expect(s.toString()).toBe('x.b=2');
    expect(parseFieldSelector('a=1').transform(() => ['', '']).isEmpty()).toBe(true);
  });
});

describe('selectable fields per resource', () => {
  it.each([
    [
      'a pod exposes the fields the scheduler and kubectl filter on',
      'pods',
      makePod({ spec: { nodeName: 'node01', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default', hostNetwork: true }, status: { phase: 'Running', podIP: '10.0.0.5', nominatedNodeName: '' } }),
      {
        'metadata.name': 'web-0',
        'metadata.namespace': 'default',
        'spec.nodeName': 'node01',
        'spec.restartPolicy': 'Always',
        'spec.schedulerName': 'default-scheduler',
        'spec.serviceAccountName': 'default',
        'spec.hostNetwork': 'true',
        'status.phase': 'Running',
        'status.podIP': '10.0.0.5',
        'status.nominatedNodeName': '',
      },
    ],
    [
      'an unscheduled pod has an empty nodeName and hostNetwork false',
      'pods',
      makePod({ status: { podIPs: [{ ip: '10.0.0.9' }] } }),
      {
        'metadata.name': 'web-0',
        'metadata.namespace': 'default',
        'spec.nodeName': '',
        'spec.restartPolicy': '',
        'spec.schedulerName': '',
        'spec.serviceAccountName': '',
        'spec.hostNetwork': 'false',
        'status.phase': '',
        'status.podIP': '10.0.0.9',
        'status.nominatedNodeName': '',
      },
    ],
    ['a node has no namespace field', 'nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node01' }, spec: { unschedulable: true } }, { 'metadata.name': 'node01', 'spec.unschedulable': 'true' }],
    ['a namespace has its phase and the legacy name field', 'namespaces', { metadata: { name: 'dev' }, status: { phase: 'Active' } }, { 'metadata.name': 'dev', 'status.phase': 'Active', name: 'dev' }],
    ['a secret has its type', 'secrets', { metadata: { name: 's', namespace: 'a' }, type: 'kubernetes.io/tls' }, { 'metadata.name': 's', 'metadata.namespace': 'a', type: 'kubernetes.io/tls' }],
    [
      'a service has its clusterIP and type',
      'services',
      { metadata: { name: 'svc', namespace: 'a' }, spec: { clusterIP: '10.96.0.10', type: 'ClusterIP' } },
      { 'metadata.name': 'svc', 'metadata.namespace': 'a', 'spec.clusterIP': '10.96.0.10', 'spec.type': 'ClusterIP' },
    ],
    ['a replicaset has its replica count', 'replicasets', { metadata: { name: 'rs', namespace: 'a' }, status: { replicas: 3 } }, { 'metadata.name': 'rs', 'metadata.namespace': 'a', 'status.replicas': '3' }],
    ['a job counts its succeeded pods as status.successful', 'jobs', { metadata: { name: 'j', namespace: 'a' }, status: { succeeded: 2 } }, { 'metadata.name': 'j', 'metadata.namespace': 'a', 'status.successful': '2' }],
    ['a job without status reports zero', 'jobs.batch', { metadata: { name: 'j', namespace: 'a' } }, { 'metadata.name': 'j', 'metadata.namespace': 'a', 'status.successful': '0' }],
    ['a deployment has only the metadata fields', 'deployments', { metadata: { name: 'd', namespace: 'a' }, spec: { replicas: 2 } }, { 'metadata.name': 'd', 'metadata.namespace': 'a' }],
    ['a cluster-scoped resource has only metadata.name', 'clusterroles', { metadata: { name: 'admin' } }, { 'metadata.name': 'admin' }],
    ['an unknown namespaced resource has both metadata fields', 'widgets.example.com', { metadata: { name: 'w', namespace: 'a' } }, { 'metadata.name': 'w', 'metadata.namespace': 'a' }],
  ])('%s', (_name, resource, obj, want) => {
    expect(fieldsOf(resource, obj)).toEqual(want);
  });

  const coreEvent = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web-0.17', namespace: 'default' },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-0', uid: 'u1', apiVersion: 'v1', resourceVersion: '42', fieldPath: 'spec.containers{c}' },
    reason: 'Scheduled',
    type: 'Normal',
    source: { component: 'default-scheduler' },
    reportingComponent: 'default-scheduler',
  };
  const eventFields = {
    'metadata.name': 'web-0.17',
    'metadata.namespace': 'default',
    'involvedObject.kind': 'Pod',
    'involvedObject.namespace': 'default',
    'involvedObject.name': 'web-0',
    'involvedObject.uid': 'u1',
    'involvedObject.apiVersion': 'v1',
    'involvedObject.resourceVersion': '42',
    'involvedObject.fieldPath': 'spec.containers{c}',
    reason: 'Scheduled',
    reportingComponent: 'default-scheduler',
    source: 'default-scheduler',
    type: 'Normal',
  };

  it('a core event exposes its involved object, reason, source and type', () => {
    expect(fieldsOf('events', coreEvent)).toEqual(eventFields);
  });

  it('an events.k8s.io event exposes the same fields under the core names', () => {
    const ev = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: coreEvent.metadata,
      regarding: coreEvent.involvedObject,
      reason: 'Scheduled',
      type: 'Normal',
      reportingController: 'default-scheduler',
    };
    expect(fieldsOf('events.events.k8s.io', ev)).toEqual(eventFields);
  });

  it('an event without a source component reports its reporting controller as source', () => {
    const { source: _source, ...noSource } = coreEvent;
    expect(fieldsOf('events', { ...noSource, reportingComponent: 'kubelet' }).source).toBe('kubelet');
  });
});

describe('field selectors the API accepts per resource', () => {
  it.each([
    ['pods accept spec.nodeName', 'pods', 'spec.nodeName=node01', undefined],
    ['pods accept status.phase and metadata.namespace together', 'pods', 'status.phase!=Running,metadata.namespace=default', undefined],
    ['pods refuse an unknown field', 'pods', 'spec.foo=bar', 'field label not supported: spec.foo'],
    ['pods refuse a field name with a trailing space', 'pods', 'metadata.name =x', 'field label not supported: metadata.name '],
    ['nodes refuse metadata.namespace', 'nodes', 'metadata.namespace=default', 'field label not supported: metadata.namespace'],
    ['namespaces accept status.phase', 'namespaces', 'status.phase=Active', undefined],
    ['namespaces refuse the legacy name field', 'namespaces', 'name=dev', 'field label not supported: name'],
    ['secrets accept type', 'secrets', 'type=Opaque', undefined],
    ['services accept spec.type', 'services', 'spec.type=NodePort', undefined],
    ['events accept involvedObject.name', 'events', 'involvedObject.name=web-0,involvedObject.kind=Pod', undefined],
    ['events refuse the events.k8s.io names', 'events', 'regarding.name=web-0', 'field label not supported: regarding.name'],
    ['events.k8s.io events accept regarding.name', 'events.events.k8s.io', 'regarding.name=web-0', undefined],
    ['jobs accept status.successful', 'jobs', 'status.successful=1', undefined],
    ['jobs refuse status.succeeded with their own wording', 'jobs', 'status.succeeded=1', 'field label "status.succeeded" not supported for batchv1.Job'],
    [
      'replicasets refuse status.replicas, as real clusters do',
      'replicasets',
      'status.replicas=0',
      '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    ['deployments accept metadata.name', 'deployments', 'metadata.name=web', undefined],
    ['deployments refuse spec.replicas with the default message', 'deployments', 'spec.replicas=1', '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    ['a cluster-scoped resource without its own table still accepts metadata.namespace', 'clusterroles', 'metadata.namespace=', undefined],
    ['certificate signing requests accept spec.signerName', 'certificatesigningrequests', 'spec.signerName=kubernetes.io/kubelet-serving', undefined],
    ['a syntax error is reported before any field check', 'pods', 'spec.foo', "invalid selector: 'spec.foo'; can't understand 'spec.foo'"],
    ['the first refused field in sorted order is reported', 'pods', 'z.b=1,a.b=1', 'field label not supported: a.b'],
  ])('%s', (_name, resource, selector, want) => {
    expect(validateFieldSelector(resource, selector)).toBe(want);
  });

  it('an old client\'s spec.host is read as spec.nodeName', () => {
    const s = fieldSelectorFor('pods', 'spec.host=node01');
    expect(s.toString()).toBe('spec.nodeName=node01');
    expect(s.matches(fieldsOf('pods', makePod({ spec: { nodeName: 'node01' } })))).toBe(true);
  });

  it('events.k8s.io names are converted to the core field set', () => {
    const s = fieldSelectorFor('events.events.k8s.io', 'regarding.kind=Pod,reportingController=kubelet');
    expect(s.toString()).toBe('involvedObject.kind=Pod,reportingComponent=kubelet');
  });

  it('status.podIPs is accepted but only matches the empty value, as upstream', () => {
    const pod = fieldsOf('pods', makePod({ status: { podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }] } }));
    expect(fieldSelectorFor('pods', 'status.podIPs=10.0.0.5').matches(pod)).toBe(false);
    expect(fieldSelectorFor('pods', 'status.podIPs=').matches(pod)).toBe(true);
  });

  it('a selector for pods not running on any node picks the pending pod only', () => {
    const s = fieldSelectorFor('pods', 'spec.nodeName=,status.phase!=Failed');
    expect(s.matches(fieldsOf('pods', makePod({ status: { phase: 'Pending' } })))).toBe(true);
    expect(s.matches(fieldsOf('pods', makePod({ spec: { nodeName: 'node01' }, status: { phase: 'Running' } })))).toBe(false);
  });

  it('converting an already parsed selector reports the same error', () => {
    expect(errorOf(() => convertFieldSelector('nodes', parseFieldSelector('spec.taints=x')))).toBe('field label not supported: spec.taints');
  });

  it.each([
    ['pods', ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName', 'spec.host']],
    ['nodes', ['metadata.name', 'spec.unschedulable']],
    ['configmaps', ['metadata.name', 'metadata.namespace']],
  ])('%s list their accepted field labels', (resource, want) => {
    expect(supportedFieldLabels(resource)).toEqual(want);
  });
});
