#!/usr/bin/env node
// Builds the web interface into dist/web when its sources changed since the last build.
// Runs from `npm install` (prepare) and before `npm start` (prestart), so nobody builds by hand.
//   node web/build.mjs           build if the sources changed (or dist/web is missing)
//   node web/build.mjs --force   build anyway
//   node web/build.mjs --check   exit 1 when a build is needed, build nothing
// Plain JavaScript on purpose: it must run before anything else is compiled.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(webDir, '..');
const outDir = join(repoRoot, 'dist', 'web');
const stampFile = join(outDir, 'build-stamp.json');
const lockDir = join(repoRoot, 'dist', '.web-build.lock');
/** A lock older than this was left by a build that died. */
const STALE_LOCK_MS = 5 * 60_000;

/** Everything the bundle is made of: its sources, and the files outside web/ that it imports. */
function inputFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(webDir);
  for (const shared of ['package-lock.json']) {
    const path = join(repoRoot, shared);
    if (existsSync(path)) files.push(path);
  }
  return files.sort();
}

/** Content, not modification times: a fresh clone or a checkout must not look newer than it is. */
export function sourceDigest() {
  const hash = createHash('sha256');
  for (const file of inputFiles()) {
    hash.update(relative(repoRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function builtDigest() {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8')).digest;
  } catch {
    return null;
  }
}

export function isFresh() {
  return existsSync(join(outDir, 'index.html')) && builtDigest() === sourceDigest();
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** One build at a time (tests may start several at once): mkdir is atomic. */
async function withLock(work) {
  mkdirSync(dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > STALE_LOCK_MS) rmSync(lockDir, { recursive: true, force: true });
      } catch { /* removed meanwhile */ }
      await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Builds into a fresh folder, then swaps it in, so a running register never serves half a build. */
async function buildNow() {
  const { build } = await import('vite');
  const digest = sourceDigest();
  const tmpDir = `${outDir}.tmp-${process.pid}`;
  const started = Date.now();
  await build({
    configFile: join(webDir, 'vite.config.ts'),
    build: { outDir: tmpDir, emptyOutDir: true },
    logLevel: 'warn',
  });
  writeFileSync(join(tmpDir, 'build-stamp.json'), `${JSON.stringify({ digest, builtAt: new Date().toISOString() })}\n`);
  const oldDir = `${outDir}.old-${process.pid}`;
  if (existsSync(outDir)) renameSync(outDir, oldDir);
  renameSync(tmpDir, outDir);
  rmSync(oldDir, { recursive: true, force: true });
  console.log(`web interface built into ${relative(process.cwd(), outDir) || outDir} in ${Date.now() - started} ms`);
}

/** Builds when needed; safe to call from several processes at once. */
export async function ensureWebBuild({ force = false } = {}) {
  if (!force && isFresh()) return false;
  return withLock(async () => {
    if (!force && isFresh()) return false; // another process built it while we waited
    await buildNow();
    return true;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = new Set(process.argv.slice(2));
  if (args.has('--check')) {
    const fresh = isFresh();
    console.log(fresh ? 'web interface is up to date' : 'web interface needs a build');
    process.exit(fresh ? 0 : 1);
  }
  ensureWebBuild({ force: args.has('--force') }).then(
    (built) => { if (!built) console.log('web interface is up to date (dist/web)'); },
    (error) => { console.error('web interface build failed:', error); process.exit(1); },
  );
}
