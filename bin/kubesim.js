#!/usr/bin/env node
// The CLI runs from the bundled JavaScript (npm run build): start-up time matters.
import { runCli } from '../dist/cli/main.js';

await runCli();
