/**
 * Image names as containerd normalizes them (docker/distribution reference.ParseNormalizedNamed): `nginx` is
 * `docker.io/library/nginx:latest`, `kiamol/ch02-whoami` is `docker.io/kiamol/ch02-whoami:latest`; what the runtime
 * reports in containerStatuses[].image and pull errors.
 */

export interface ImageReference {
  /** registry host, e.g. docker.io, registry.k8s.io. */
  domain: string;
  /** repository path inside the registry, e.g. library/nginx. */
  path: string;
  /** `domain/path`. */
  repository: string;
  tag?: string;
  digest?: string;
  /** The normalized reference: `repository:tag`, `repository@digest` or `repository:tag@digest`. */
  normalized: string;
}

const pathComponent = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainRe = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const referenceRe = new RegExp(
  `^((?:${domainRe}/)?${pathComponent}(?:/${pathComponent})*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`,
);

/** Parses and normalizes an image reference; undefined when it is not a valid reference ("invalid reference format"). */
export function parseImageReference(image: string): ImageReference | undefined {
  const m = referenceRe.exec(image);
  if (!m) return undefined;
  const name = m[1]!;
  let tag = m[2];
  const digest = m[3];
  const slash = name.indexOf('/');
  let domain: string;
  let path: string;
  const first = slash < 0 ? '' : name.slice(0, slash);
  if (slash < 0 || (!first.includes('.') && !first.includes(':') && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = 'docker.io';
    path = name;
  } else {
    domain = first;
    path = name.slice(slash + 1);
  }
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  // Repository names must be lowercase.
  if (path !== path.toLowerCase()) return undefined;
  if (!tag && !digest) tag = 'latest';
  const repository = `${domain}/${path}`;
  const normalized = `${repository}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  return { domain, path, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}), normalized };
}
