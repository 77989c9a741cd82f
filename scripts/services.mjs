// Makes sure PostgreSQL and Redis answer on their local ports (starting them when installed but down), and
// that libxml2's xmllint is there for the tests that compare against the official XSDs (installing Debian's
// libxml2-utils when it is missing and apt-get may be used), and LibreOffice's soffice for the OHW round trip
// (libreoffice-calc-nogui).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';

function answers(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    const done = (ok) => { s.destroy(); resolve(ok); };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

async function waitFor(port, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await answers(port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();
}

export async function ensurePostgres() {
  if (await answers(5432)) return 'up';
  if (!which('pg_ctlcluster') || !existsSync('/etc/postgresql')) return 'absent';
  const version = readdirSync('/etc/postgresql')[0];
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' });
  return (await waitFor(5432, 30)) ? 'started' : 'failed';
}

export async function ensureRedis() {
  if (await answers(6379)) return 'up';
  if (!which('redis-server')) return 'absent';
  execFileSync('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no'], { stdio: 'inherit' });
  return (await waitFor(6379, 15)) ? 'started' : 'failed';
}

/** Installs Debian's `pakket` when `cmd` is missing and apt-get may be used (root). */
function ensureDebian(cmd, pakket) {
  if (which(cmd)) return 'up';
  if (!which('apt-get') || process.getuid?.() !== 0) return 'absent';
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', pakket], { stdio: 'inherit', env }).status === 0;
  // A fresh machine may have no package lists yet.
  if (!install()) {
    spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    install();
  }
  return which(cmd) ? 'installed' : 'failed';
}

export function ensureXmllint() {
  return ensureDebian('xmllint', 'libxml2-utils');
}

/** LibreOffice Calc without a GUI (`soffice --headless`), for the OHW round trip through another spreadsheet program. */
export function ensureSoffice() {
  return ensureDebian('soffice', 'libreoffice-calc-nogui');
}

/** Poppler's `pdftotext`, to read back the letters and the packs printed by LibreOffice. */
export function ensurePdftotext() {
  return ensureDebian('pdftotext', 'poppler-utils');
}

/** Debian's chromium for the browser tests of the back office (driven by playwright-core at /usr/bin/chromium). */
export function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return 'up';
  return ensureDebian('chromium', 'chromium');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`postgres: ${await ensurePostgres()}, redis: ${await ensureRedis()}, xmllint: ${ensureXmllint()}, soffice: ${ensureSoffice()}, pdftotext: ${ensurePdftotext()}, chromium: ${ensureChromium()}`);
}
