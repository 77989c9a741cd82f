#!/usr/bin/env node
// Entry point of the `plafond` CLI. Runs the esbuild build in dist/cli (scripts/build.mjs, made by
// `npm ci`) when it was built from exactly the sources that are here now; when a source changed since,
// it rebuilds first, and where that is impossible (no esbuild, a build error) it runs the TypeScript
// sources through tsx. Old code never runs. PLAFOND_TSX=1 always runs the sources through tsx.
// A command is checked against the sources its own code was built from (build.json's perCommando);
// help, --version and anything else against all of them.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const dist = new URL('../dist/cli/', import.meta.url);

const argv = process.argv.slice(2);

/** The build description when every source that `commando` runs was built from is unchanged; otherwise null. */
function actueleBuild(commando) {
  let build;
  try {
    build = JSON.parse(readFileSync(new URL('build.json', dist), 'utf8'));
    const paden = Object.keys(build.bronnen);
    const eigen = build.perCommando?.[commando];
    for (const pad of eigen ? eigen.map((i) => paden[i]) : paden) {
      const [mtime, size] = build.bronnen[pad];
      const s = statSync(fileURLToPath(new URL(pad, root)));
      if (s.mtimeMs !== mtime || s.size !== size) return null;
    }
  } catch {
    return null;
  }
  return build;
}

let build = process.env.PLAFOND_TSX ? null : actueleBuild(argv[0]);
if (!build && !process.env.PLAFOND_TSX) {
  // Loaded only to build: node:child_process alone costs about 10 ms of every start.
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url)), '--stil'], { stdio: 'ignore' });
  if (r.status === 0) build = actueleBuild(argv[0]);
}
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
