/**
 * The cluster's kubeconfig in KUBESIM_HOME, in kubectl's own format: the real kubectl can use it, and kubesim
 * keeps its current namespace in the current context as kubectl does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as jsYaml from 'js-yaml';

/** js-yaml, required on first use: a command without a kubeconfig file never loads a YAML parser at start-up. */
let yaml: typeof jsYaml | undefined;
const loadYaml = (text: string): unknown => (yaml ??= createRequire(import.meta.url)('js-yaml') as typeof jsYaml).load(text);

export interface Kubeconfig {
  apiVersion: 'v1';
  kind: 'Config';
  preferences: Record<string, unknown>;
  'current-context': string;
  clusters: Array<{ name: string; cluster: { server: string; [k: string]: unknown } }>;
  contexts: Array<{ name: string; context: { cluster: string; user: string; namespace?: string } }>;
  users: Array<{ name: string; user: Record<string, unknown> }>;
}

export const contextName = 'kubesim';

export function defaultKubeconfig(server = 'http://127.0.0.1:6443'): Kubeconfig {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': contextName,
    clusters: [{ name: contextName, cluster: { server } }],
    contexts: [{ name: contextName, context: { cluster: contextName, user: contextName } }],
    users: [{ name: contextName, user: {} }],
  };
}

export function readKubeconfig(path: string): Kubeconfig {
  if (!existsSync(path)) return defaultKubeconfig();
  return loadYaml(readFileSync(path, 'utf8')) as Kubeconfig;
}


export function currentContext(config: Kubeconfig) {
  return config.contexts.find((c) => c.name === config['current-context']);
}

/** The namespace of the current context, `default` when unset, as kubectl. */
export function currentNamespace(config: Kubeconfig): string {
  return currentContext(config)?.context.namespace || 'default';
}
