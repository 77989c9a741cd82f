#!/usr/bin/env node
// Entry point of the `plafond` CLI: loads the TypeScript sources through tsx, with the repository's
// tsconfig wherever the command is run from (TypeORM's decorators need its compiler options).
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../packages/cli/src/main.ts');
process.exitCode = await main(process.argv.slice(2));
