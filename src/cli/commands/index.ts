/** Every command's register function, in the order `kubesim --help` lists them. */
import type { Command } from 'commander';
import type { CliDeps } from '../context.js';
import { register as apply } from './apply.js';
import { register as del } from './delete.js';
import { register as label } from './label.js';
import { register as annotate } from './annotate.js';
import { register as version } from './version.js';
import { register as config } from './config.js';
import { register as explain } from './explain.js';
import { register as get } from './get.js';
import { register as describe } from './describe.js';
import { register as apiResources } from './api-resources.js';
import { register as create } from './create.js';
import { register as run } from './run.js';
import { register as expose } from './expose.js';

export const commands: Array<(program: Command, deps: CliDeps) => void> = [create, expose, run, explain, get, describe, apply, del, label, annotate, apiResources, config, version];
