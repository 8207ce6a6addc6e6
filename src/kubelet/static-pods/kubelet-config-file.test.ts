import { parseKubeletConfig } from './kubelet-config-file.js';

const config = (body: string) => `apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n${body}`;

describe('parseKubeletConfig reads the static pod settings of /var/lib/kubelet/config.yaml', () => {
  it.each([
    ["kubeadm's file", config('staticPodPath: /etc/kubernetes/manifests\n'), { staticPodPath: '/etc/kubernetes/manifests', fileCheckFrequencyMs: 20_000 }],
    ['a moved folder with a trailing slash', config('staticPodPath: /etc/kubelet.d/\n'), { staticPodPath: '/etc/kubelet.d', fileCheckFrequencyMs: 20_000 }],
    ['a path relative to the file’s folder', config('staticPodPath: manifests\n'), { staticPodPath: '/var/lib/kubelet/manifests', fileCheckFrequencyMs: 20_000 }],
    ['a path climbing above the root', config('staticPodPath: ../../../../../etc/x\n'), { staticPodPath: '/etc/x', fileCheckFrequencyMs: 20_000 }],
    ['no staticPodPath: no static pods', config('cgroupDriver: systemd\n'), { fileCheckFrequencyMs: 20_000 }],
    ['an empty staticPodPath', config('staticPodPath: ""\n'), { fileCheckFrequencyMs: 20_000 }],
    ['a listing period', config('staticPodPath: /m\nfileCheckFrequency: 1m30s\n'), { staticPodPath: '/m', fileCheckFrequencyMs: 90_000 }],
  ])('%s', (_name, text, want) => {
    expect(parseKubeletConfig(text)).toEqual({ ok: true, config: want });
  });

  it.each([
    ['broken YAML', 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind KubeletConfiguration\nstaticPodPath: /m\n', "yaml: line 3: could not find expected ':'"],
    ['another kind', 'apiVersion: v1\nkind: Pod\n', 'no kind "Pod" is registered for version "v1"'],
    ['a bad period', config('fileCheckFrequency: soon\n'), 'time: invalid duration "soon"'],
  ])('refuses %s', (_name, text, why) => {
    const result = parseKubeletConfig(text);
    expect(result.ok).toBe(false);
    expect((result as { error: string }).error).toContain('failed to load Kubelet config file /var/lib/kubelet/config.yaml, error failed to decode: ');
    expect((result as { error: string }).error).toContain(why);
  });
});
