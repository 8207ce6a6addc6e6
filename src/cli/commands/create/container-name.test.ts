import { seededRandom } from '../../../util/random.js';
import { containerNameForImage } from './container-name.js';

describe('containerNameForImage names a container after its image as kubectl create deployment does', () => {
  it.each([
    ['nginx', 'nginx'],
    ['nginx:1.25', 'nginx'],
    ['registry.k8s.io/pause:3.9', 'pause'],
    ['busybox@sha256:abc', 'busybox'],
    ['localhost:5000/team/app', 'app'],
  ])('%s runs in a container named %s', (image, name) => {
    expect(containerNameForImage(image, seededRandom(1))).toBe(name);
  });

  it('makes names with _ or . DNS-safe and unique with five random characters of utilrand', () => {
    const name = containerNameForImage('my_img.x', seededRandom(7));
    expect(name).toMatch(/^my-img-x-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(containerNameForImage('my_img.x', seededRandom(7))).toBe(name);
  });
});
