/** `kubesim create job NAME --from=cronjob/X` end to end: a manual run of a CronJob's job template, owned by it. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../src/api/object.js';
import { openCluster } from '../../src/cluster/open-cluster.js';
import { kubesim } from '../support/cli.js';
import { ensureBuilt } from '../support/compiled.js';

let home: string;
beforeAll(() => ensureBuilt('dist/src/cli/main.js', ['src']), 180_000);
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'kubesim-create-job-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

async function read(resource: string, name: string): Promise<KubeObject> {
  const cluster = await openCluster(home);
  try {
    return await cluster.client.resource({ group: 'batch', version: 'v1', resource }).namespace('default').get(name);
  } finally {
    await cluster.close();
  }
}

const cronJobYaml = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "*/1 * * * *"
  jobTemplate:
    metadata:
      labels:
        app: hello
      annotations:
        team: batch
    spec:
      backoffLimit: 2
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: hello
            image: busybox:1.28
            command: ["/bin/sh", "-c", "date; echo Hello from the Kubernetes cluster"]
`;

function createCronJob(): void {
  const file = join(home, 'cronjob.yaml');
  writeFileSync(file, cronJobYaml);
  expect(kubesim(home, ['create', '-f', file])).toEqual({ code: 0, stdout: 'cronjob.batch/hello created\n', stderr: '' });
}

describe('kubesim create job --from', () => {
  it('creates a job from the CronJob\'s template, annotated as a manual run and owned by the CronJob', async () => {
    createCronJob();
    expect(kubesim(home, ['create', 'job', 'test-job', '--from=cronjob/hello'])).toEqual({ code: 0, stdout: 'job.batch/test-job created\n', stderr: '' });
    const cj = await read('cronjobs', 'hello');
    const job = await read('jobs', 'test-job');
    expect(job.metadata.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual', team: 'batch' });
    expect(job.metadata.labels).toEqual({ app: 'hello' });
    expect(job.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: cj.metadata.uid, controller: true }]);
    expect(job.spec).toMatchObject({
      backoffLimit: 2,
      template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox:1.28', command: ['/bin/sh', '-c', 'date; echo Hello from the Kubernetes cluster'] }] } },
    });
  });

  it('prints the job it would create on a client dry run, without creating it', () => {
    createCronJob();
    const res = kubesim(home, ['create', 'job', 'test-job', '--from=cronjob/hello', '--dry-run=client', '-o', 'yaml']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('kind: Job\n');
    expect(res.stdout).toContain('    cronjob.kubernetes.io/instantiate: manual\n');
    expect(res.stdout).toContain('  - apiVersion: batch/v1\n    controller: true\n    kind: CronJob\n    name: hello\n');
    expect(kubesim(home, ['get', 'jobs']).stderr).toBe('No resources found in default namespace.\n');
  });

  it.each<[string, string[], string]>([
    ['a missing CronJob is the server\'s NotFound', ['--from=cronjob/missing'], 'Error from server (NotFound): cronjobs.batch "missing" not found\n'],
    ['--from with --image is refused', ['--from=cronjob/hello', '--image=busybox'], 'error: either --image or --from must be specified\n'],
    ['neither --from nor --image is refused', [], 'error: either --image or --from must be specified\n'],
    ['--from with a command is refused', ['--from=cronjob/hello', '--', 'date'], 'error: cannot specify --from and command\n'],
    ['--from of another kind is refused', ['--from=namespace/default'], 'error: unknown object type *v1.Namespace\n'],
    ['--from needs a name', ['--from=cronjob'], 'error: resource(s) were provided, but no name was specified\n'],
  ])('%s', (_name, args, stderr) => {
    createCronJob();
    expect(kubesim(home, ['create', 'job', 'test-job', ...args])).toEqual({ code: 1, stdout: '', stderr });
  });
});

describe('kubesim create cronjob', () => {
  it('creates a CronJob whose job template runs the command, restarting on failure by default', async () => {
    expect(kubesim(home, ['create', 'cronjob', 'hello', '--image=busybox', '--schedule=*/1 * * * *', '--', 'date'])).toEqual({ code: 0, stdout: 'cronjob.batch/hello created\n', stderr: '' });
    const cj = await read('cronjobs', 'hello');
    expect(cj.spec).toMatchObject({
      schedule: '*/1 * * * *',
      concurrencyPolicy: 'Allow',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { name: 'hello' }, spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox', command: ['date'] }] } } } },
    });
  });

  it('refuses the seed notes\' "1/*" schedule with the API server\'s message', () => {
    expect(kubesim(home, ['create', 'cronjob', 'hello', '--image=busybox', '--schedule=1/* * * * *'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: failed to create cronjob: CronJob.batch "hello" is invalid: spec.schedule: Invalid value: "1/* * * * *": failed to parse int from *: strconv.Atoi: parsing "*": invalid syntax\n',
    });
  });
});
