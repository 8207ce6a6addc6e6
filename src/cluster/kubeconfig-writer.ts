/** Writing a kubeconfig, apart from reading one: commands that only read it do not load the YAML printer. */
import { renameSync, writeFileSync } from 'node:fs';
import { toYaml } from '../printers/yaml.js';
import type { Kubeconfig } from './kubeconfig.js';

/** The file as kubectl writes it: keys sorted, lists not indented under their key. */
export function formatKubeconfig(config: Kubeconfig): string {
  return toYaml(config);
}

/** Written through a temporary file and a rename, so a crash never leaves half a file. */
export function writeKubeconfig(path: string, config: Kubeconfig): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, formatKubeconfig(config), { mode: 0o600 });
  renameSync(tmp, path);
}
