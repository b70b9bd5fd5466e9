#!/usr/bin/env node
/**
 * Set-up that `npm start` and `npm test` run first, so that each of them is the only command a fresh
 * machine needs. Plain Node with no dependencies, because it runs before node_modules exists.
 *
 *   node scripts/setup/ensure.mjs deps          npm packages (npm ci when node_modules is missing or stale)
 *   node scripts/setup/ensure.mjs deps stack    the above, plus the Debian packages the local stack uses
 *                                               (pg_cron; without it the stack still starts, jobs do not run)
 *   node scripts/setup/ensure.mjs deps test     npm packages and every Debian package the tests use
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const wanted = new Set(process.argv.slice(2));

/** Debian packages the local stack uses, keyed by the file that proves each is installed. */
const STACK_PACKAGES = [
  // pg_cron, preloaded by the local stack as on Supabase, so scheduled jobs run locally too.
  { proof: '/usr/lib/postgresql/15/lib/pg_cron.so', packages: ['postgresql-15-cron'] },
];

/** Debian packages the test suite needs (the stack's among them), keyed by the file that proves each is installed. */
const TEST_PACKAGES = [
  ...STACK_PACKAGES,
  { proof: '/usr/bin/pg_prove', packages: ['libtap-parser-sourcehandler-pgtap-perl'] },
  { proof: '/usr/share/postgresql/15/extension/pgtap.control', packages: ['postgresql-15-pgtap'] },
  { proof: '/usr/bin/chromium', packages: ['chromium'] },
];

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`setup: \`${cmd} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

/** npm writes node_modules/.package-lock.json on every install; older than the lockfile means stale. */
function ensureNodeModules() {
  const lock = path.join(root, 'package-lock.json');
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  console.error('setup: installing npm packages (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

/**
 * Installs what is missing of `list` with apt-get when we are root. Otherwise prints the apt-get
 * line and exits, unless the packages are optional (`required` false), which only warns.
 */
function ensureDebianPackages(list, required) {
  const missing = list.filter((p) => !existsSync(p.proof)).flatMap((p) => p.packages);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    console.error(`setup: ${required ? 'the tests need' : 'the local stack works better with'} these Debian packages: ${missing.join(' ')}`);
    console.error(`setup: install them with: sudo apt-get install -y ${missing.join(' ')}`);
    if (required) process.exit(1);
    return;
  }
  console.error(`setup: installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
}

if (wanted.has('deps')) ensureNodeModules();
if (wanted.has('test')) ensureDebianPackages(TEST_PACKAGES, true);
else if (wanted.has('stack')) ensureDebianPackages(STACK_PACKAGES, false);
