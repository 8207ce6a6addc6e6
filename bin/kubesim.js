#!/usr/bin/env node
// The CLI runs from compiled JavaScript only: start-up time matters.
import { runCli } from '../dist/src/cli/main.js';

await runCli();
