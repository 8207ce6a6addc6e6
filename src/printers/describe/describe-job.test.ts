import { capIndexesListOrNone } from './describe-job.js';

describe('capIndexesListOrNone', () => {
  it.each([
    ['no completed indexes', '', '<none>'],
    ['a short list is shown whole', '0-9,11', '0-9,11'],
    ['a long list is cut after the first comma past the limit', '1,3,5,7,9,11', '1,3,5,...'],
    ['a long list without a comma past the limit is shown whole', '1,3,500000', '1,3,500000'],
  ])('%s', (_name, indexes, expected) => {
    expect(capIndexesListOrNone(indexes, 4)).toBe(expected);
  });
});
