import { MaxNodeScore } from '../../framework/interface.js';
import { defaultNormalizeScore } from './normalize-score.js';

// Cases from upstream helper/normalize_score_test.go.
describe('defaultNormalizeScore', () => {
  it.each([
    { name: 'scores scale to the highest', reverse: false, scores: [1, 2, 3, 4], want: [25, 50, 75, 100] },
    { name: 'reversed scores favour the lowest', reverse: true, scores: [1, 2, 3, 4], want: [75, 50, 25, 0] },
    { name: 'small scores round down', reverse: false, scores: [1000, 10, 20, 30], want: [100, 1, 2, 3] },
    { name: 'reversed small scores round down before reversing', reverse: true, scores: [1000, 10, 20, 30], want: [0, 99, 98, 97] },
    { name: 'equal scores all get the maximum', reverse: false, scores: [1, 1, 1, 1], want: [100, 100, 100, 100] },
    { name: 'a dominant score leaves the others at zero', reverse: false, scores: [1000, 1, 1, 1], want: [100, 0, 0, 0] },
    { name: 'reversed, a zero gets the maximum', reverse: true, scores: [0, 1, 1, 1], want: [100, 0, 0, 0] },
    { name: 'all zero stays zero', reverse: false, scores: [0, 0], want: [0, 0] },
    { name: 'all zero reversed becomes the maximum', reverse: true, scores: [0, 0], want: [100, 100] },
  ])('$name', ({ reverse, scores, want }) => {
    const list = scores.map((score, i) => ({ name: `n${i}`, score }));
    expect(defaultNormalizeScore(MaxNodeScore, reverse, list).isSuccess()).toBe(true);
    expect(list.map((s) => s.score)).toEqual(want);
  });
});
