/** What `kubectl get` writes to stderr when it printed nothing (get.go, after the last table). */

export interface NoResourcesFoundOptions {
  /** The namespace the command ran in (--namespace, or the context's, or `default`). */
  namespace: string;
  /** `-A` / `--all-namespaces`. */
  allNamespaces?: boolean;
  /** Whether every requested resource type is namespaced (false for nodes, namespaces, cluster roles...). */
  allNamespaced: boolean;
}

/**
 * `No resources found in <ns> namespace.` when every requested type is namespaced and -A was not given, else
 * `No resources found`. kubectl prints it (with a newline) only when nothing was written, no error occurred and
 * --ignore-not-found was not given.
 */
export function noResourcesFoundMessage(options: NoResourcesFoundOptions): string {
  const allResourcesNamespaced = !options.allNamespaces && options.allNamespaced;
  return allResourcesNamespaced ? `No resources found in ${options.namespace} namespace.` : 'No resources found';
}
