// `npm run build` (also run by `npm ci` through `prepare`, by `npm test`, and by bin/plafond.mjs when
// the build is older than the sources): bundles the CLI with esbuild into dist/cli/<stamp>/ — one module
// per command plus shared chunks, dependencies left in node_modules — and writes dist/cli/build.json:
// the sources it was built from (path, mtime, size), so the bin can tell a stale build and never runs
// old code, and every command's description, so `plafond --help` loads no command code at all.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist', 'cli');
const stil = process.argv.includes('--stil');
// --streng (npm test): a failed build fails. Otherwise (npm ci, the bin) it is reported and the bin runs the
// sources through tsx, so an install never breaks on a command that does not bundle.
const streng = process.argv.includes('--streng');
const meld = (t) => stil || process.stderr.write(`build: ${t}\n`);
process.on('uncaughtException', (e) => {
  process.stderr.write(`build: mislukt: ${e.stack ?? e}\n${streng ? '' : 'build: plafond draait de TypeScript-bronnen via tsx\n'}`);
  process.exit(streng ? 1 : 0);
});
process.on('unhandledRejection', (e) => process.emit('uncaughtException', e));

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // An install without devDependencies: the bin runs the TypeScript through tsx instead.
  meld('esbuild is niet geïnstalleerd; plafond draait de TypeScript-bronnen via tsx');
  process.exit(0);
}

const commandoMap = join(root, 'packages', 'cli', 'src', 'commands');
const entries = [join(root, 'packages', 'cli', 'src', 'start.ts'),
  ...readdirSync(commandoMap).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => join(commandoMap, f))];

// Every output file sits three levels below the repository (dist/cli/<stamp>/x.js); code that finds its
// files relative to its own source (sql/, fixtures/zw/, the bench harness) gets its source's URL instead.
const bronUrl = {
  name: 'bron-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const rel = relative(root, args.path).split('\\').join('/');
      if (rel.includes('node_modules/')) return undefined;
      const tekst = readFileSync(args.path, 'utf8');
      if (!tekst.includes('import.meta.url')) return undefined;
      return { contents: tekst.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, __plafondRoot).href`), loader: 'ts' };
    });
  },
};
// Our workspace packages are bundled; every other package stays in node_modules (native modules,
// dynamic requires and the embedded PostgreSQL binaries work as they do without a bundle).
const extern = {
  name: 'extern',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@plafond/') ? undefined : { path: args.path, external: true }));
  },
};

const tijdelijk = join(dist, `.bouw-${process.pid}-${Date.now()}`);
const resultaat = await esbuild.build({
  entryPoints: entries,
  outdir: tijdelijk,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Metafile paths relative to the repository, wherever the bin was started from.
  absWorkingDir: root,
  sourcemap: 'linked',
  tsconfig: join(root, 'tsconfig.json'),
  metafile: true,
  logLevel: 'silent',
  banner: { js: "const __plafondRoot = new URL('../../../', import.meta.url);" },
  plugins: [extern, bronUrl],
});

// The sources of this build, and the files that change how they are built.
const bronnen = {};
for (const f of [...Object.keys(resultaat.metafile.inputs), 'tsconfig.json', 'tsconfig.base.json', 'package.json', 'scripts/build.mjs']) {
  if (f.startsWith('node_modules/') || f.includes('/node_modules/')) continue;
  const s = statSync(join(root, f));
  bronnen[f] = [s.mtimeMs, s.size];
}
const stempel = createHash('sha256').update(JSON.stringify(bronnen)).digest('hex').slice(0, 16);

// Per output file, the sources of it and of everything it imports (statically or dynamically), as
// indexes into `bronnen`: the bin checks only those of the command it runs, so a change in, say, the
// database layer does not rebuild before `plafond check`, and `check` stats a fraction of the files.
const bronPaden = Object.keys(bronnen);
const bronIndex = new Map(bronPaden.map((p, i) => [p, i]));
const vasteBronnen = ['tsconfig.json', 'tsconfig.base.json', 'package.json', 'scripts/build.mjs'];
function bronnenVan(...uitvoer) {
  const uit = new Set(vasteBronnen.map((p) => bronIndex.get(p)));
  const gezien = new Set();
  const stapel = [...uitvoer];
  while (stapel.length > 0) {
    const o = stapel.pop();
    if (gezien.has(o)) continue;
    gezien.add(o);
    const info = resultaat.metafile.outputs[o];
    for (const bron of Object.keys(info.inputs)) if (bronIndex.has(bron)) uit.add(bronIndex.get(bron));
    for (const imp of info.imports) if (!imp.external) stapel.push(imp.path);
  }
  return [...uit].sort((a, b) => a - b);
}
const uitvoerVan = (bestand) => Object.keys(resultaat.metafile.outputs).find((o) => relative(tijdelijk, join(root, o)) === bestand);

// Which entry exports which command, in the order of the registry (commands/index.ts).
const uitvoer = Object.entries(resultaat.metafile.outputs).filter(([, o]) => o.entryPoint?.startsWith('packages/cli/src/commands/'));
const modules = await Promise.all(uitvoer.map(async ([pad]) => ({ bestand: relative(tijdelijk, join(root, pad)), mod: await import(pathToFileURL(join(root, pad)).href) })));
const register = modules.find((m) => m.bestand === 'index.js')?.mod.commands;
if (!Array.isArray(register)) throw new Error('packages/cli/src/commands/index.ts exporteert geen commands');
const commandos = register.map((cmd, positie) => {
  const { run: _run, ...info } = cmd;
  for (const { bestand, mod } of modules) {
    if (bestand === 'index.js') continue;
    const exp = Object.keys(mod).find((k) => mod[k] === cmd);
    if (exp) return { ...info, bestand, export: exp };
  }
  // Defined deeper than commands/*.ts: loaded through the registry itself (which loads every command).
  return { ...info, bestand: 'index.js', export: 'commands', positie };
});

const doel = join(dist, stempel);
try {
  renameSync(tijdelijk, doel);
} catch (e) {
  // Built at the same moment by another process from the same sources: that build is as good.
  if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e;
  rmSync(tijdelijk, { recursive: true, force: true });
}
const perCommando = Object.fromEntries(commandos.map((c) => [c.name, bronnenVan(uitvoerVan('start.js'), uitvoerVan(c.bestand))]));
const build = { stempel, start: 'start.js', gebouwd: new Date().toISOString(), node: process.version, bronnen, perCommando, commandos };
const jsonTmp = join(dist, `.build-${process.pid}.json`);
writeFileSync(jsonTmp, `${JSON.stringify(build)}\n`);
renameSync(jsonTmp, join(dist, 'build.json'));

// Older builds go once no command can still be running from them.
for (const d of readdirSync(dist)) {
  if (d === stempel || d === 'build.json') continue;
  const pad = join(dist, d);
  if (Date.now() - statSync(pad).mtimeMs > 10 * 60_000) rmSync(pad, { recursive: true, force: true });
}
meld(`${commandos.length} commando's in dist/cli/${stempel} (${Object.keys(bronnen).length} bronbestanden)`);
process.exit(0);
