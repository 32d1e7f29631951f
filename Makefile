# nnlab: two commands. `make serve` sets up what is missing and serves the app on http://127.0.0.1:8080;
# `make test` sets up what is missing and runs every test (native, browser, end-to-end).
# `make bench` (not part of `make test`) trains side by side with TF.js and ConvNetJS and prints the table.
# Every install step is skipped when the tool is already there at the right version.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/target/npm/node_modules/.bin:$(PATH)

# The wasm-bindgen CLI must match the crate exactly; Cargo.toml pins it with `=`.
WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)
TRUNK_VERSION := 0.21.14
WASM_PACK_VERSION := 0.15.1
BINARYEN_VERSION := 132.0.0
PLAYWRIGHT_VERSION := 1.65.1
AXE_CORE_VERSION := 4.14.1
NUMPY_VERSION := 2.4.6
PANDAS_VERSION := 3.1.1
PORT ?= 8080

.PHONY: serve test build test-native test-browser test-e2e lint fmt clean bench bench-threads bench-npm bench-kernel fuzz soak \
        lighthouse lighthouse-npm screenshot setup-serve setup-test wasm-target wasm-bindgen-cli trunk wasm-pack chromium npm-tools numpy pandas

serve: setup-serve
	trunk serve --release --address 127.0.0.1 --port $(PORT)

build: setup-serve
	trunk build --release

test: setup-test
	$(MAKE) --no-print-directory test-native test-browser test-e2e

# The NumPy interop tests are ignored by a bare `cargo test` (they need numpy and pandas); here they run.
test-native:
	cargo test --release
	cargo test --release --test numpy_interop -- --ignored
	cargo test --release --test numpy_cnn -- --ignored
	FUZZ_SECONDS=$(FUZZ_TEST_SECONDS) cargo test --release --test fuzz

# The fuzz harness (tests/fuzz/): every parser's seeds and committed regressions, then FUZZ_SECONDS of mutation
# split between the targets; findings go to target/fuzz/findings/. `make test` runs FUZZ_TEST_SECONDS of it.
# FUZZ_TARGETS=pickle,npz picks targets; FUZZ_SEED repeats a run.
FUZZ_SECONDS ?= 300
FUZZ_TEST_SECONDS ?= 15
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) cargo test --release --test fuzz

# An hour of MNIST training and the playground side by side in headless Chromium, printing the JS heaps, the wasm
# memory and the renderers' RSS every minute (tests/soak/run.mjs; not part of `make test`). SOAK_MINUTES=60.
soak: setup-serve chromium
	trunk build --release
	node tests/soak/run.mjs

# wasm-pack uses the wasm-bindgen-test-runner on PATH (installed with the CLI), so it downloads nothing.
# Only the browser test crate (tests/web/): the native tests run natively. The runner's limit for the whole
# suite defaults to 20 s, which the suite (about 15 s on a busy 2-core machine) would outgrow: allow 5 minutes.
test-browser:
	CHROMEDRIVER=$$(command -v chromedriver) WASM_BINDGEN_TEST_TIMEOUT=300 \
	  wasm-pack test --headless --chrome --release -- --test web

test-e2e: build
	node tests/e2e/run.mjs
	node tests/bench/run.mjs --wasm-only

# The benchmark of issues #7 and #15 (about 7 minutes idle, 12 under load; speed is printed, never asserted): the
# release build, the native engine vs NumPy, then the page with nnlab, TF.js (wasm, one thread) and ConvNetJS,
# SimpleConvNet against ConvNetJS and TF.js cpu/webgl, and the real app. The table goes to
# tests/bench/artifacts/latest.md. BENCH_ROUNDS (3), BENCH_STEPS (600), BENCH_TFJS_CPU=0, BENCH_APP=0, BENCH_CNN=0
# (no SimpleConvNet), BENCH_MLP=0, BENCH_CNN_STEPS (20), BENCH_CNN_PEER_STEPS (8): see tests/bench/run.mjs.
bench: setup-serve chromium numpy bench-npm
	rm -f tests/bench/artifacts/native.json
	trunk build --release
	cargo bench --bench native
	node tests/bench/run.mjs

# Issue #17's cores (not part of `make test`; about 5 minutes idle): data-parallel training, 1 vs 2 threads natively
# (std::thread::scope) and 1 vs 2 Web Workers in the page, 784-100-10 and SimpleConvNet, with the load average;
# then the CNN lab itself with cw=1 and cw=2 (tests/bench/cnn-lab-workers.mjs: CW_ROUNDS, CW_SPLIT, CW_DIGITS).
# THREADS_ROUNDS (3), THREADS_WORKERS (2), THREADS_MLP_STEPS (500), THREADS_CNN_STEPS (100): see tests/bench/threads.*
bench-threads: setup-serve chromium
	trunk build --release
	cargo bench --bench threads
	node tests/bench/threads.mjs
	node tests/bench/cnn-lab-workers.mjs

# Our matrix product (src/gemm/) vs matrixmultiply in the page, shape by shape and on whole training steps (issue
# #17; about 5 minutes): the release build leaves both full modules unhashed in target/nnlab-full (SIMD128) and
# target/nnlab-full-relaxed (relaxed SIMD, fused multiply-add), and each round runs both.
# KERNEL_ROUNDS (5), KERNEL_PARTS (shapes,mlp,cnn): see tests/bench/kernel.mjs.
bench-kernel: setup-serve chromium
	trunk build --release
	node tests/bench/kernel.mjs target/nnlab-full target/nnlab-full-relaxed

# The peers, pinned in tests/bench/package-lock.json: `npm ci`, skipped when installed from this very lockfile.
bench-npm:
	@if ! cmp -s tests/bench/package-lock.json tests/bench/node_modules/.installed-lock.json; then \
	  cd tests/bench && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.installed-lock.json; fi

# Lighthouse (issue #14; not part of `make test`): mobile and desktop scores of the release build, served on
# 127.0.0.1 with gzip, in the system Chromium; also the wasm's gzipped size. Reports in tests/lighthouse/artifacts/.
lighthouse: setup-serve chromium lighthouse-npm
	trunk build --release
	CHROME_PATH=$$(command -v chromium) node tests/lighthouse/run.mjs

lighthouse-npm:
	@if ! cmp -s tests/lighthouse/package-lock.json tests/lighthouse/node_modules/.installed-lock.json; then \
	  cd tests/lighthouse && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.installed-lock.json; fi

# The README's screenshot (www/img/screenshot.png), taken from the release build by the e2e harness.
screenshot: build chromium
	node tests/e2e/screenshot.mjs

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings

fmt:
	cargo fmt --all

clean:
	rm -rf dist target

# ---------------------------------------------------------------- setup
setup-serve: wasm-target wasm-bindgen-cli trunk npm-tools
setup-test: setup-serve wasm-pack chromium numpy pandas

wasm-target:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown

# Without --locked: the CLI's own lockfile names crates this registry mirror lacks (TOOLCHAIN.md).
wasm-bindgen-cli:
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 3 minutes)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; fi

# With --locked: without it trunk 0.21.14 resolves a cssparser that does not compile (TOOLCHAIN.md).
trunk:
	@if [ "$$(trunk --version 2>/dev/null)" != "trunk $(TRUNK_VERSION)" ]; then \
	  echo "installing trunk $(TRUNK_VERSION) (about 5 minutes)"; \
	  cargo install --locked trunk --version $(TRUNK_VERSION) --force; fi

wasm-pack:
	@if [ "$$(wasm-pack --version 2>/dev/null)" != "wasm-pack $(WASM_PACK_VERSION)" ]; then \
	  echo "installing wasm-pack $(WASM_PACK_VERSION) (about 2 minutes)"; \
	  cargo install --locked wasm-pack --version $(WASM_PACK_VERSION) --force; fi

# wasm-opt for Trunk (npm's binaryen; Debian's is too old and its output fails to load) and playwright-core
# for the end-to-end test, and axe-core for its accessibility pass. All three are plain npm packages without
# dependencies, kept under target/.
npm-tools:
	@if [ "$$(cat target/npm/.versions 2>/dev/null)" != "$(BINARYEN_VERSION) $(PLAYWRIGHT_VERSION) $(AXE_CORE_VERSION)" ]; then \
	  mkdir -p target/npm && cd target/npm && [ -f package.json ] || echo '{"private":true}' > package.json; \
	  npm install --no-audit --no-fund --loglevel=error binaryen@$(BINARYEN_VERSION) playwright-core@$(PLAYWRIGHT_VERSION) \
	    axe-core@$(AXE_CORE_VERSION) \
	  && echo "$(BINARYEN_VERSION) $(PLAYWRIGHT_VERSION) $(AXE_CORE_VERSION)" > .versions; fi

# Debian's Chromium and its matching driver (never a downloaded browser), and a Korean font so that
# screenshots of the Korean UI are readable.
APT_PACKAGES := chromium chromium-driver fonts-nanum
chromium:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null && dpkg -s fonts-nanum >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES); \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
	  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES); \
	else \
	  echo "Chromium, chromedriver or the Korean font are missing, and installing them needs root. Run:"; \
	  echo "    sudo apt-get update && sudo apt-get install -y $(APT_PACKAGES)"; \
	  echo "then run 'make test' again."; exit 1; fi

# NumPy from PyPI, for the interop test (np.load reads our .npz; we read np.savez and pickled weights).
numpy:
	@if [ "$$(python3 -c 'import numpy; print(numpy.__version__)' 2>/dev/null)" != "$(NUMPY_VERSION)" ]; then \
	  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore numpy==$(NUMPY_VERSION); fi

# pandas from PyPI, for the interop test that reads every CSV the app writes with pandas.read_csv.
pandas: numpy
	@if [ "$$(python3 -c 'import pandas; print(pandas.__version__)' 2>/dev/null)" != "$(PANDAS_VERSION)" ]; then \
	  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore pandas==$(PANDAS_VERSION); fi
