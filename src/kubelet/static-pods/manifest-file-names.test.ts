import { isManifestCandidate } from './manifest-file-names.js';

describe('isManifestCandidate: which entries of the static pod folder the kubelet reads', () => {
  it.each(['kube-apiserver.yaml', 'etcd.yml', 'web.json', 'kube-apiserver.yaml.bak', 'notes.txt', 'Makefile', 'static-web'])('reads %s', (name) =>
    expect(isManifestCandidate(name)).toBe(true),
  );
  it.each(['.hidden.yaml', '.web.yaml.swp', 'web.yaml~', '4913', '#web.yaml#', 'web.yaml.tmp', 'web.yaml___jb_tmp___', 'web.yaml.kate-swp', 'web.yaml.crswap'])(
    'skips %s',
    (name) => expect(isManifestCandidate(name)).toBe(false),
  );
});
