import * as apierrors from '../api/errors.js';
import { invalid, required } from '../api/field-error.js';
import { AggregateCliError, CliError, formatError } from './errors.js';

describe('formatError prints what kubectl prints', () => {
  it.each([
    ['a NotFound from the server', apierrors.notFound({ group: '', resource: 'pods' }, 'zzz'), 'Error from server (NotFound): pods "zzz" not found'],
    ['an AlreadyExists', apierrors.alreadyExists({ group: 'apps', resource: 'deployments' }, 'web'), 'Error from server (AlreadyExists): deployments.apps "web" already exists'],
    [
      'an Invalid with one cause',
      apierrors.invalid({ group: 'apps', kind: 'Deployment' }, 'web', [required('spec.selector')]),
      'The Deployment "web" is invalid: spec.selector: Required value',
    ],
    [
      'an Invalid with several causes as a bulleted list',
      apierrors.invalid({ group: '', kind: 'Pod' }, 'p', [required('spec.containers[0].image'), invalid('spec.restartPolicy', 'x', 'bad')]),
      'The Pod "p" is invalid: \n* spec.containers[0].image: Required value\n* spec.restartPolicy: Invalid value: "x": bad',
    ],
    ['a server error without a reason', apierrors.badRequest('x') && new apierrors.StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'boom', code: 500 }), 'Error from server: boom'],
    ['a client-side mapping failure', new apierrors.NoKindMatchError('extensions', 'v1beta1', 'Deployment'), 'error: no matches for kind "Deployment" in version "extensions/v1beta1"'],
    ['a plain error', new Error('something broke'), 'error: something broke'],
    ['a CLI error as written', new CliError('error: the server doesn\'t have a resource type "podz"'), 'error: the server doesn\'t have a resource type "podz"'],
    ['an aggregate, one error per line', new AggregateCliError([new Error('a'), apierrors.notFound({ group: '', resource: 'pods' }, 'b')]), 'error: a\nError from server (NotFound): pods "b" not found'],
  ])('%s', (_name, err, text) => {
    expect(formatError(err)).toBe(text);
  });
});
