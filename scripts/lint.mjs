// Lint: no import cycles (madge), no deep imports across packages, no stray console.log in
// library code, no BSN near a log call, no unfinished markers.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { relative, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// With arguments (a package's `npm run lint` passes `src`), only those paths; otherwise the whole repository.
const paden = process.argv.length > 2 ? process.argv.slice(2).map((p) => relative(root, resolve(p)) || '.') : ['packages', 'services', 'workers', 'fixtures/src', 'bench', 'test'];
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', ...paden], { cwd: root, encoding: 'utf8' })
  .split('\n').filter((f) => f.endsWith('.ts'));
const problems = [];
for (const f of files) {
  let text;
  try { text = readFileSync(root + f, 'utf8'); } catch { continue; }
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const at = `${f}:${i + 1}`;
    if (/from ['"]@plafond\/[^'"]+\/[^'"]+['"]/.test(line)) problems.push(`${at}: deep import across packages`);
    if (/from ['"](\.\.\/)+(\.\.\/)?(packages|services|workers)\//.test(line)) problems.push(`${at}: relative import into another package`);
    const isLib = !f.endsWith('.test.ts') && !f.includes('/test/') && !f.startsWith('test/') && !f.startsWith('bench/') && !f.startsWith('packages/cli/');
    if (isLib && /console\.(log|debug|info)\(/.test(line)) problems.push(`${at}: console output in library code (use the logger)`);
    if (/(console|log(ger)?)\.\w+\(.*\bbsn\b/i.test(line)) problems.push(`${at}: a BSN may reach a log`);
    if (/\b(TODO|FIXME)\b/.test(line)) problems.push(`${at}: unfinished marker`);
  });
}
try {
  const bronnen = paden.filter((p) => p !== 'bench' && p !== 'test');
  const out = execFileSync('npx', ['madge', '--circular', '--json', '--extensions', 'ts', '--ts-config', 'tsconfig.json', ...bronnen], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const cycles = JSON.parse(out);
  if (cycles.length) problems.push(`import cycles:\n${cycles.map((c) => c.join(' -> ')).join('\n')}`);
} catch (e) {
  problems.push(`madge failed: ${e.message}`);
}
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`lint: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`lint: ${files.length} files clean, no import cycles`);
