import { defaultImagePullPolicy, imageTag } from './image-pull-policy.js';

describe('imageTag', () => {
  it.each([
    ['an untagged image is latest', 'nginx', 'latest'],
    ['a tag is read after the last colon of the last path component', 'gcr.io/fluentd-elasticsearch/fluentd:v2.5.1', 'v2.5.1'],
    ['a registry port is not a tag', 'localhost:5000/team/app', 'latest'],
    ['a digest without a tag has no tag', 'nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', ''],
    ['a tag with a digest keeps the tag', 'nginx:1.25@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', '1.25'],
    ['uppercase repository names do not parse', 'Nginx:1', undefined],
    ['an empty image does not parse', '', undefined],
  ])('%s (%s)', (_name, image, tag) => {
    expect(imageTag(image)).toBe(tag);
  });

  it('a missing image is pulled if not present, as upstream treats an unparseable name', () => {
    expect(defaultImagePullPolicy(undefined)).toBe('IfNotPresent');
  });
});
