import { ImageCatalog } from './image-catalog.js';

const catalog = ImageCatalog.load();

describe('image catalog lookups', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx:latest', 72195292],
    ['nginx:1.17-alpine', 'docker.io/library/nginx:1.17-alpine', 20501134],
    ['busybox:1.28', 'docker.io/library/busybox:1.28', 2155438],
    ['k8s.gcr.io/pause:2.0', 'k8s.gcr.io/pause:2.0', 320368],
    ['kiamol/ch05-pi', 'docker.io/kiamol/ch05-pi:latest', 48732108],
    ['gcr.io/fluentd-elasticsearch/fluentd:v2.5.1', 'gcr.io/fluentd-elasticsearch/fluentd:v2.5.1', 140163021],
  ])('%s exists as %s', (image, imageRef, size) => {
    const r = catalog.lookup(image);
    expect(r.ok && { imageRef: r.image.imageRef, size: r.image.size }).toEqual({ imageRef, size });
  });

  it.each([
    ['a misspelt Docker Hub image is denied', 'nginxx', 'failed to pull and unpack image "docker.io/library/nginxx:latest": failed to resolve reference "docker.io/library/nginxx:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed'],
    ['a tag that does not exist is not found', 'nginx:nope', 'failed to pull and unpack image "docker.io/library/nginx:nope": failed to resolve reference "docker.io/library/nginx:nope": docker.io/library/nginx:nope: not found'],
    ['an unknown repository of a known registry is not found', 'k8s.gcr.io/kube-scheduler-amd64v:v1.11.3', 'failed to pull and unpack image "k8s.gcr.io/kube-scheduler-amd64v:v1.11.3": failed to resolve reference "k8s.gcr.io/kube-scheduler-amd64v:v1.11.3": k8s.gcr.io/kube-scheduler-amd64v:v1.11.3: not found'],
    ['an unknown registry does not resolve', 'registry.example:5000/app:1', 'failed to pull and unpack image "registry.example:5000/app:1": failed to resolve reference "registry.example:5000/app:1": failed to do request: Head "https://registry.example:5000/v2/app/manifests/1": dial tcp: lookup registry.example on 127.0.0.53:53: no such host'],
  ])('%s', (_name, image, message) => {
    expect(catalog.lookup(image)).toEqual({ ok: false, reason: 'ErrImagePull', message });
  });

  it('an image name with capitals is InvalidImageName', () => {
    expect(catalog.lookup('Nginx')).toEqual({
      ok: false,
      reason: 'InvalidImageName',
      message: 'Failed to apply default image tag "Nginx": couldn\'t parse image name "Nginx": invalid reference format: repository name must be lowercase',
    });
  });

  it('a cluster catalog adds images and overrides shipped ones', () => {
    const extended = ImageCatalog.fromYaml('images:\n- repository: acme/shop\n  tags: ["1.*"]\n  size: 1234\n  base: alpine\n  cmd: [sh]\n- repository: nginx\n  missing: true\n  error: "blocked by policy"\n');
    const shop = extended.lookup('acme/shop:1.2');
    expect(shop.ok && shop.image.imageRef).toBe('docker.io/acme/shop:1.2');
    expect(extended.lookup('acme/shop:2.0').ok).toBe(false);
    expect(extended.lookup('nginx')).toMatchObject({ ok: false, message: expect.stringMatching(/: blocked by policy$/) });
  });
});
