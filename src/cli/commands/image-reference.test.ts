import { isValidImageReference } from './image-reference.js';

describe('isValidImageReference follows distribution/reference', () => {
  it.each([
    ['nginx', true],
    ['nginx:1.25-alpine', true],
    ['registry.k8s.io/pause:3.9', true],
    ['localhost:5000/team/app_v2', true],
    ['busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', true],
    ['NGINX', false],
    ['nginx bad', false],
    ['nginx:', false],
    ['busybox@sha256:abc', false],
    ['-nginx', false],
  ])('%s is %s', (image, ok) => {
    expect(isValidImageReference(image)).toBe(ok);
  });
});
