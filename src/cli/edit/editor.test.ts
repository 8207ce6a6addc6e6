import { Editor } from './editor.js';

describe('Editor.fromEnv', () => {
  it.each([
    ['nothing set falls back to vi', {}, ['vi', '/tmp/f.yaml']],
    ['KUBE_EDITOR wins over EDITOR', { KUBE_EDITOR: 'nano', EDITOR: 'emacs' }, ['nano', '/tmp/f.yaml']],
    ['an empty KUBE_EDITOR is skipped', { KUBE_EDITOR: '', EDITOR: 'emacs' }, ['emacs', '/tmp/f.yaml']],
    ['spaces without quotes split into arguments', { EDITOR: 'code --wait' }, ['code', '--wait', '/tmp/f.yaml']],
    ['quotes go through $SHELL -c with the path quoted', { EDITOR: "'my editor' -w", SHELL: '/bin/zsh' }, ['/bin/zsh', '-c', `'my editor' -w "/tmp/f.yaml"`]],
    ['without SHELL the shell is /bin/bash', { EDITOR: 'vim -c "set ft=yaml"' }, ['/bin/bash', '-c', 'vim -c "set ft=yaml" "/tmp/f.yaml"']],
  ])('%s', (_name, env, expected) => {
    expect(Editor.fromEnv(env as NodeJS.ProcessEnv).commandFor('/tmp/f.yaml')).toEqual(expected);
  });
});
