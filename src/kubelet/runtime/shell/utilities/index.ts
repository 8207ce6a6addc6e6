import type { Utility } from '../command-context.js';
import { date } from './date.js';
import { echo } from './echo.js';
import { cp, mkdir, mv, rm, rmdir, touch } from './files.js';
import { grep } from './grep.js';
import { ls } from './ls.js';
import { nslookup } from './nslookup.js';
import { printf } from './printf.js';
import { httpd, kubesimServe, nc } from './serve.js';
import { sleep } from './sleep.js';
import { cut, sort, tr, uniq } from './sort-uniq.js';
import { basename, dirname, env, falseUtility, hostname, id, printenv, pwd, seq, trueUtility, uname, whoami } from './system.js';
import { test } from './test.js';
import { cat, head, tail, tee, wc } from './text.js';
import { wget } from './wget.js';

/** The busybox applets of a simulated image, by name (sh is added by the command table, since it needs the shell). */
export const utilities: Record<string, Utility> = {
  '[': test,
  basename,
  cat,
  cp,
  cut,
  date,
  dirname,
  echo,
  env,
  false: falseUtility,
  grep,
  head,
  hostname,
  httpd,
  id,
  'kubesim-serve': kubesimServe,
  ls,
  mkdir,
  mv,
  nc,
  nslookup,
  printenv,
  printf,
  pwd,
  rm,
  rmdir,
  seq,
  sleep,
  sort,
  tail,
  tee,
  test,
  touch,
  tr,
  true: trueUtility,
  uname,
  uniq,
  wc,
  wget,
  whoami,
};
