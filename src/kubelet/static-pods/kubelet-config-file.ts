/**
 * The node's kubelet configuration file, `/var/lib/kubelet/config.yaml` (a KubeletConfiguration,
 * kubelet.config.k8s.io/v1beta1, as kubeadm writes it): where static pods live (`staticPodPath`) and how often the
 * folder is listed again (`fileCheckFrequency`, 20s by default). Relative paths are relative to the file's folder,
 * as the kubelet resolves them.
 */
import { posix } from 'node:path';
import { parseGoDuration } from '../../util/go-duration.js';
import { yamlToJSON } from '../../api/yaml/go-yaml.js';
import { NodeFs } from './node-fs.js';

export const KubeletConfigPath = '/var/lib/kubelet/config.yaml';
/** kubeadm's staticPodPath, used when a node folder has no kubelet configuration file at all. */
export const DefaultStaticPodPath = '/etc/kubernetes/manifests';
/** The KubeletConfiguration default of fileCheckFrequency. */
export const DefaultFileCheckFrequencyMs = 20_000;

export interface KubeletFileConfig {
  /** Absolute node path of the static pod folder (or file); undefined when the configuration names none. */
  staticPodPath?: string;
  fileCheckFrequencyMs: number;
}

export type KubeletConfigResult = { ok: true; config: KubeletFileConfig } | { ok: false; error: string };

/** The default when the node has no configuration file: kubeadm's folder and period. */
export const defaultKubeletFileConfig = (): KubeletFileConfig => ({ staticPodPath: DefaultStaticPodPath, fileCheckFrequencyMs: DefaultFileCheckFrequencyMs });

/** Reads a KubeletConfiguration's text; errors read as the kubelet's `failed to load Kubelet config file` ones. */
export function parseKubeletConfig(text: string, path = KubeletConfigPath): KubeletConfigResult {
  const fail = (why: string): KubeletConfigResult => ({ ok: false, error: `failed to load Kubelet config file ${path}, error failed to decode: ${why}` });
  const converted = yamlToJSON(text);
  if (!converted.ok) return fail(converted.error);
  const doc = converted.value;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return fail(`Object 'Kind' is missing in '${text.trim()}'`);
  const obj = doc as Record<string, unknown>;
  if (typeof obj.kind !== 'string' || obj.kind === '') return fail(`Object 'Kind' is missing in '${JSON.stringify(obj)}'`);
  if (obj.apiVersion !== 'kubelet.config.k8s.io/v1beta1' || obj.kind !== 'KubeletConfiguration') {
    return fail(`no kind ${JSON.stringify(obj.kind)} is registered for version ${JSON.stringify(obj.apiVersion ?? '')} in scheme "pkg/kubelet/apis/config/scheme/scheme.go:35"`);
  }
  const config: KubeletFileConfig = { fileCheckFrequencyMs: DefaultFileCheckFrequencyMs };
  if (obj.staticPodPath !== undefined && obj.staticPodPath !== null) {
    if (typeof obj.staticPodPath !== 'string') return fail(`json: cannot unmarshal ${typeof obj.staticPodPath} into Go struct field KubeletConfiguration.staticPodPath of type string`);
    if (obj.staticPodPath !== '') config.staticPodPath = NodeFs.resolve(obj.staticPodPath, posix.dirname(path));
  }
  if (obj.fileCheckFrequency !== undefined && obj.fileCheckFrequency !== null) {
    if (typeof obj.fileCheckFrequency !== 'string') return fail(`time: invalid duration ${JSON.stringify(String(obj.fileCheckFrequency))}`);
    let nanos: number;
    try {
      nanos = parseGoDuration(obj.fileCheckFrequency);
    } catch (e) {
      return fail((e as Error).message);
    }
    if (nanos > 0) config.fileCheckFrequencyMs = nanos / 1e6;
  }
  return { ok: true, config };
}
