// Trunk post_build hook (Trunk.toml): list every file Trunk staged for dist/ with its content hash, and write
// the list and a version made from those hashes into the staged sw.js. The service worker then precaches
// exactly this build's files, and any change to any file makes a new sw.js, which browsers see as an update.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) { console.error('precache.mjs: TRUNK_STAGING_DIR is not set (run by trunk build)'); process.exit(1); }

// Not precached: the service worker itself, and the screenshot (README only; the manifest does not use it).
const skip = new Set(['sw.js', 'img/screenshot.png']);
const files = [];
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    const rel = path.relative(staging, full).split(path.sep).join('/');
    if (e.isDirectory()) walk(full);
    else if (!skip.has(rel) && !rel.endsWith('.md')) files.push(rel);
  }
})(staging);

const all = crypto.createHash('sha256');
for (const f of files) {
  all.update(f).update('\0').update(crypto.createHash('sha256').update(fs.readFileSync(path.join(staging, f))).digest());
}
const version = all.digest('hex').slice(0, 16);
const list = { version, files };

const sw = path.join(staging, 'sw.js');
const src = fs.readFileSync(sw, 'utf8');
const line = /^const PRECACHE = .*$/m;
if (!line.test(src)) { console.error('precache.mjs: sw.js has no `const PRECACHE = …` line'); process.exit(1); }
fs.writeFileSync(sw, src.replace(line, () => `const PRECACHE = ${JSON.stringify(list)};`));
const bytes = files.reduce((n, f) => n + fs.statSync(path.join(staging, f)).size, 0);
console.log(`precache.mjs: ${files.length} files (${(bytes / 1024).toFixed(0)} KB), version ${version}`);
