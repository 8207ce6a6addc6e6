/** The default imagePullPolicy of a container image, as SetDefaults_Container with parsers.ParseImageName. */

const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const reference = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);

/** The tag ParseImageName reports: the explicit tag, "" for a digest-only reference, "latest" when neither; undefined when unparseable. */
export function imageTag(image: string): string | undefined {
  const m = reference.exec(image);
  if (!m || m[1]!.length > 255) return undefined;
  if (m[2]) return m[2];
  return m[3] ? '' : 'latest';
}

/** Always for `:latest` or an untagged image, IfNotPresent otherwise (a digest counts as pinned; unparseable names too). */
export function defaultImagePullPolicy(image: unknown): 'Always' | 'IfNotPresent' {
  return typeof image === 'string' && imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}
