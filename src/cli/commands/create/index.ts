/**
 * The subcommands of `kubesim create`, in the order kubectl lists them. Their flags are read with optsWithGlobals:
 * commander lets `create` itself take the -o, --dry-run... it shares with them when they follow the subcommand.
 */
import type { Command } from 'commander';
import type { CliDeps } from '../../context.js';
import { register as namespace } from './namespace.js';
import { register as secret } from './secret.js';
import { register as configmap } from './configmap.js';
import { register as serviceaccount } from './serviceaccount.js';
import { register as service } from './service.js';
import { register as deployment } from './deployment.js';
import { register as clusterrole } from './clusterrole.js';
import { register as clusterrolebinding } from './clusterrolebinding.js';
import { register as role } from './role.js';
import { register as rolebinding } from './rolebinding.js';
import { register as cronjob } from './cronjob.js';
import { register as job } from './job.js';

export const createSubcommands: Array<(create: Command, deps: CliDeps) => void> = [
  namespace,
  secret,
  configmap,
  serviceaccount,
  service,
  deployment,
  clusterrole,
  clusterrolebinding,
  role,
  rolebinding,
  cronjob,
  job,
];
