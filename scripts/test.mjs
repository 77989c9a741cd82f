// `npm test`: the whole suite. Starts PostgreSQL/Redis when installed but down, type-checks, lints,
// runs every mocha test, and ends with the plain line "N passed, N failed" that CI reads.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium, ensurePdftotext, ensurePostgres, ensureRedis, ensureSoffice, ensureXmllint } from './services.mjs';

const root = new URL('..', import.meta.url).pathname;
const extra = process.argv.slice(2);
let passed = 0, failed = 0, skipped = 0;

function step(name, cmd, args, env = {}) {
  process.stdout.write(`\n== ${name}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

const pg = await ensurePostgres();
const redis = await ensureRedis();
const xmllint = ensureXmllint();
const soffice = ensureSoffice();
const pdftotext = ensurePdftotext();
const chromium = ensureChromium();
process.stdout.write(`services: postgres ${pg}, redis ${redis}, xmllint ${xmllint}, soffice ${soffice}, pdftotext ${pdftotext}, chromium ${chromium}\n`);

// The CLI that tests spawn is the esbuild build of these very sources (bin/plafond.mjs would rebuild a stale one anyway).
if (step('build', 'node', ['scripts/build.mjs', '--streng'])) passed++; else { failed++; process.stdout.write('build: FAILED\n'); }

for (const [name, args] of [['typecheck', ['tsc', '-p', 'tsconfig.json', '--noEmit']], ['lint', ['node', 'scripts/lint.mjs']]]) {
  if (extra.length) break;
  if (step(name, 'npx', args)) passed++; else { failed++; process.stdout.write(`${name}: FAILED\n`); }
}

const dir = mkdtempSync(join(tmpdir(), 'plafond-test-'));
const countsFile = join(dir, 'counts.json');
// The spec list lives here, not in .mocharc.json: mocha adds a config's spec to the files named on its command
// line, so `npx mocha one.test.ts` would otherwise run the whole suite.
const specs = ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'workers/*/src/**/*.test.ts', 'fixtures/src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'];
step('mocha', 'npx', ['mocha', '--reporter', './scripts/mocha-reporter.cjs', ...(extra.some((a) => !a.startsWith('-')) ? extra : [...extra, ...specs])], { PLAFOND_TEST_COUNTS: countsFile, TURBO_TELEMETRY_DISABLED: '1' });
try {
  const c = JSON.parse(readFileSync(countsFile, 'utf8'));
  passed += c.passed; failed += c.failed; skipped += c.skipped;
} catch {
  failed++;
  process.stdout.write('mocha did not report its counts (crashed before the end)\n');
}
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed === 0 ? 0 : 1);
