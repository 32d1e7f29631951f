// Trunk post_build hook (Trunk.toml), before precache.mjs: build the full module, the second wasm module that
// holds the heavy labs (MNIST, batch norm, CNN) and runs in the training worker (src/web/remote.rs). Trunk itself
// builds the page's first module without the `full` feature (index.html). This script builds the crate with its
// default features under its own cargo profile (so the two builds never share an output file), runs wasm-bindgen
// and wasm-opt as Trunk does, stages the files under content-hashed names, and names them in index.html:
//   <script type="application/json" id="nnlab-full">{"js": "./nnlab-full-<hash>.js", "wasm": "…_bg.wasm",
//     "relaxed": {"js": "./nnlab-full-relaxed-<hash>.js", "wasm": "…"}}</script>
// (`relaxed`, release builds only: the same module with relaxed SIMD, chosen by src/web/remote.rs.)
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) { console.error('full-module.mjs: TRUNK_STAGING_DIR is not set (run by trunk build)'); process.exit(1); }
const root = process.env.TRUNK_SOURCE_DIR || process.cwd();
const release = process.env.TRUNK_PROFILE === 'release';
// Cargo.toml: `web-full` is `web` (opt-level z, LTO) and `dev-full` is `dev`, each with its own output directory.
const profile = release ? 'web-full' : 'dev-full';
const target = 'wasm32-unknown-unknown';
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });

const t0 = Date.now();
// One build of the full module: cargo, wasm-bindgen, wasm-opt, staged as `${name}-<hash>.js` and its wasm.
// `rustcArgs` go to nnlab alone (`cargo rustc`), so matrixmultiply and the rest stay as they are.
function build(cargoProfile, name, rustcArgs, optFeatures) {
  if (rustcArgs.length) run('cargo', ['rustc', '--lib', '--target', target, '--profile', cargoProfile, '--', ...rustcArgs]);
  else run('cargo', ['build', '--lib', '--target', target, '--profile', cargoProfile]);
  const out = path.join(root, 'target', name);
  fs.rmSync(out, { recursive: true, force: true });
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', out, '--out-name', 'nnlab-full',
    path.join(root, 'target', target, cargoProfile, 'nnlab.wasm')]);
  const wasmIn = path.join(out, 'nnlab-full_bg.wasm');
  if (release) {
    // As Trunk does for the first module (index.html: data-wasm-opt="z").
    run('wasm-opt', ['-Oz', '--enable-simd', ...optFeatures, '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
      '--enable-sign-ext', '--enable-mutable-globals', '--output', wasmIn, wasmIn]);
  }
  if (fs.existsSync(path.join(out, 'snippets'))) {
    console.error('full-module.mjs: wasm-bindgen wrote snippets/, which this script does not stage');
    process.exit(1);
  }
  const js = fs.readFileSync(path.join(out, 'nnlab-full.js'));
  const wasm = fs.readFileSync(wasmIn);
  const hash = crypto.createHash('sha256').update(js).update(wasm).digest('hex').slice(0, 16);
  const names = { js: `${name}-${hash}.js`, wasm: `${name}-${hash}_bg.wasm` };
  fs.writeFileSync(path.join(staging, names.js), js);
  fs.writeFileSync(path.join(staging, names.wasm), wasm);
  console.log(`full-module.mjs: ${names.wasm} ${(wasm.length / 1024).toFixed(0)} KB`);
  return { js: `./${names.js}`, wasm: `./${names.wasm}` };
}

const manifest = build(profile, 'nnlab-full', [], []);
// Release builds add the relaxed-SIMD build (fused multiply-add in our matrix product: src/gemm/vec4.rs), which
// the page loads where the browser validates src/gemm/probe.rs's module. Debug builds (`trunk serve` without
// --release) skip it: the plain build runs everywhere.
if (release) manifest.relaxed = build('web-relaxed', 'nnlab-full-relaxed', ['-C', 'target-feature=+relaxed-simd'], ['--enable-relaxed-simd']);

const index = path.join(staging, 'index.html');
const html = fs.readFileSync(index, 'utf8');
if (!html.includes('</head>')) { console.error('full-module.mjs: index.html has no </head>'); process.exit(1); }
const tag = `<script type="application/json" id="nnlab-full">${JSON.stringify(manifest)}</script>\n`;
fs.writeFileSync(index, html.replace('</head>', `${tag}</head>`));
console.log(`full-module.mjs: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

// Now that every file is staged: the service worker's precache list.
await import('./precache.mjs');
