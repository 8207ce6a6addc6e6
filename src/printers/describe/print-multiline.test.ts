import { tabbedString } from './prefix-writer.js';
import { printAnnotationsMultiline, printLabelsMultiline, printNodeTaintsMultiline, printPodTolerationsMultiline, taintString } from './print-multiline.js';

describe('printLabelsMultiline', () => {
  it.each([
    ['no labels print <none>', undefined, 'Labels:  <none>\n'],
    ['labels print sorted, one per aligned line', { b: '2', a: '1' }, 'Labels:  a=1\n         b=2\n'],
  ])('%s', (_name, labels, expected) => {
    expect(tabbedString((w) => printLabelsMultiline(w, 'Labels', labels))).toBe(expected);
  });
});

describe('printAnnotationsMultiline', () => {
  it.each([
    ['the last-applied-configuration annotation is never shown', { 'kubectl.kubernetes.io/last-applied-configuration': '{}' }, 'Annotations:  <none>\n'],
    ['a short annotation prints as key: value', { a: 'b' }, 'Annotations:  a: b\n'],
    ['a trailing newline is dropped before printing', { a: 'b\n' }, 'Annotations:  a: b\n'],
    ['a multi-line value folds under its key', { a: 'x\ny' }, 'Annotations:  a:\n                x\n                y\n'],
    ['a value too long is folded and cut at 138 bytes', { k: 'v'.repeat(139) }, `Annotations:  k:\n                ${'v'.repeat(138)}...\n`],
  ])('%s', (_name, annotations, expected) => {
    expect(tabbedString((w) => printAnnotationsMultiline(w, 'Annotations', annotations))).toBe(expected);
  });
});

describe('taints and tolerations', () => {
  it.each([
    ['a taint with value and effect', { key: 'k', value: 'v', effect: 'NoSchedule' }, 'k=v:NoSchedule'],
    ['a taint without value', { key: 'k', effect: 'NoExecute' }, 'k:NoExecute'],
    ['a taint without effect keeps the colon after a value', { key: 'k', value: 'v' }, 'k=v:'],
    ['a bare taint is its key', { key: 'k' }, 'k'],
  ])('%s prints as kubectl', (_name, taint, expected) => {
    expect(taintString(taint as never)).toBe(expected);
  });

  it('taints sort by effect, then key', () => {
    const out = tabbedString((w) =>
      printNodeTaintsMultiline(w, 'Taints', [
        { key: 'b', effect: 'NoSchedule' },
        { key: 'a', effect: 'PreferNoSchedule' },
        { key: 'c', effect: 'NoExecute' },
      ]),
    );
    expect(out).toBe('Taints:  c:NoExecute\n         b:NoSchedule\n         a:PreferNoSchedule\n');
  });

  it.each([
    ['an Exists toleration of everything prints op=Exists alone', { operator: 'Exists' }, 'op=Exists'],
    ['an Exists toleration of a key', { key: 'k', operator: 'Exists' }, 'k op=Exists'],
    ['tolerationSeconds print as `for Ns`', { key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }, 'k:NoExecute op=Exists for 300s'],
    ['an Equal toleration shows its value', { key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }, 'k=v:NoSchedule'],
  ])('%s', (_name, toleration, expected) => {
    expect(tabbedString((w) => printPodTolerationsMultiline(w, 'T', [toleration as never]))).toBe(`T:  ${expected}\n`);
  });
});
