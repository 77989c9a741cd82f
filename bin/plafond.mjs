#!/usr/bin/env node
// Entry point of the `plafond` CLI. Runs the esbuild build in dist/cli (scripts/build.mjs, made by
// `npm ci`) when it was built from exactly the sources that are here now; when a source changed since,
// it rebuilds first, and where that is impossible (no esbuild, a build error) it runs the TypeScript
// sources through tsx. Old code never runs. PLAFOND_TSX=1 always runs the sources through tsx.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const dist = new URL('../dist/cli/', import.meta.url);

/** The build description when every source it was built from is unchanged; otherwise null. */
function actueleBuild() {
  let build;
  try {
    build = JSON.parse(readFileSync(new URL('build.json', dist), 'utf8'));
    for (const [pad, [mtime, size]] of Object.entries(build.bronnen)) {
      const s = statSync(new URL(pad, root));
      if (s.mtimeMs !== mtime || s.size !== size) return null;
    }
  } catch {
    return null;
  }
  return build;
}

let build = process.env.PLAFOND_TSX ? null : actueleBuild();
if (!build && !process.env.PLAFOND_TSX) {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url)), '--stil'], { stdio: 'ignore' });
  if (r.status === 0) build = actueleBuild();
}
const argv = process.argv.slice(2);
if (build) {
  const basis = new URL(`${build.stempel}/`, dist);
  const { start } = await import(new URL(build.start, basis).href);
  process.exitCode = await start(argv, build.commandos, basis);
} else {
  const { register } = await import('tsx/esm/api');
  // TypeORM's decorators need the repository's compiler options wherever the command is run from.
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  const { main } = await import('../packages/cli/src/main.ts');
  process.exitCode = await main(argv);
}
