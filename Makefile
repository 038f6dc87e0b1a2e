# Proofroom — the two commands are `make run` and `make test`; everything else is a step they call.
SHELL := /bin/bash
.DEFAULT_GOAL := run

SITE := target/site
SITE_DEBUG := target/site-debug
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"/\1/p;}' Cargo.lock)
# The tool that cuts `#[lazy]` functions out of the browser bundle (tools/bundle.sh); its runtime
# half, wasm_split_helpers, comes with leptos.
WASM_SPLIT_VERSION := 0.2.4
# LEPTOS_OUTPUT_NAME is deliberately not set: it is baked in at compile time, and leaving it unset
# keeps plain `cargo build` and `make` builds identical (no rebuild when switching). The server
# reads the bundle's hashed name from the site's pkg/assets.txt.
export LEPTOS_SITE_ROOT := $(SITE)
# The integration tests mostly wait (on the server, the database, the mail sink, job timers), not
# compute: four at a time run the suite in a third of the time two take, on two cores.
export RUST_TEST_THREADS ?= 4
NPM_BIN := end2end/node_modules/.bin
# Names a step and the minutes since the run began, so a log cut short still says where the
# time went.
# (Fixed once here: an exported `?=` would be worked out again for every target.)
PROOFROOM_RUN_START := $(or $(PROOFROOM_RUN_START),$(shell date +%s))
export PROOFROOM_RUN_START
STAGE := stage() { echo "== $$1 (at minute $$(( ($$(date +%s) - $$PROOFROOM_RUN_START) / 60 )))"; }; stage

.PHONY: run test setup setup-test setup-bench site site-release server server-release unit it it-s3 e2e bench fmt-check

## make run: install what is missing, build (release), migrate, seed the demo, serve on :3000.
run: setup site-release server-release
	@mkdir -p data
	./target/release/server seed
	PROOFROOM_MAIL_DELIVERY=$${PROOFROOM_MAIL_DELIVERY:-print} ./target/release/server serve

## make test: install what is missing (Chromium too), then unit, integration and browser tests.
## The storage tests run a second time on a local S3 server, with the two-instance test.
test: setup-test site server
	@$(STAGE) "unit and integration tests"
	python3 tools/import_cycles.py backend/src domain/src
	cargo test $(TEST_PACKAGES)
	@$(STAGE) "integration tests on S3"
	$(MAKE) it-s3
	@$(STAGE) "browser tests"
	cd end2end && npx playwright test
	@$(STAGE) "done"

## The integration tests of storage, uploads, downloads, ZIPs, delivery and the archive on S3
## (moto's server, installed from PyPI by tools/with-s3.sh), and two `server serve` processes
## on one PostgreSQL database and bucket (when TEST_DATABASE_URL is set).
S3_TESTS := upload:: strict_uploads:: downloads:: zip:: archive:: verified_reads:: delivery:: media:: storage_sweep:: instances:: two_instances::
it-s3:
	tools/with-s3.sh cargo test $(TEST_PACKAGES) --test it -- $(S3_TESTS)

## Tools: wasm32 target, wasm-bindgen-cli of the exact version in Cargo.lock, wasm-split-cli, npm packages.
setup:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src
	@if ! wasm-bindgen --version 2>/dev/null | grep -qF "$(WASM_BINDGEN_VERSION)"; then \
		echo "Installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 6 minutes, once)"; \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi
	@if ! cargo install --list | grep -qF "wasm_split_cli_support v$(WASM_SPLIT_VERSION)"; then \
		echo "Installing wasm-split-cli $(WASM_SPLIT_VERSION) (about 2 minutes, once)"; \
		cargo install --locked wasm_split_cli_support --version $(WASM_SPLIT_VERSION) --features build-binary; \
	fi
	@if [ ! -x $(NPM_BIN)/playwright ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then \
		cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund; \
	fi

## Test tools from Debian: Chromium (browser tests) and poppler-utils (contact sheets read back).
setup-test: setup
	@$(STAGE) "test tools"
	@$(call apt_install,chromium:/usr/bin/chromium poppler-utils:/usr/bin/pdftotext)

## Benchmark references from Debian, beside the test tools: libvips-tools and nginx-light (what
## ours is measured against) and wrk (load). Not part of `make test`: no test needs them.
setup-bench: setup-test
	@$(call apt_install,libvips-tools:/usr/bin/vipsthumbnail nginx-light:/usr/sbin/nginx wrk:/usr/bin/wrk)

# apt_install PACKAGE:PROGRAM…: installs each package whose program is missing, in one apt run.
define apt_install
missing=""; \
for wanted in $(1); do [ -x "$${wanted#*:}" ] || missing="$$missing $${wanted%%:*}"; done; \
if [ -n "$$missing" ]; then \
	echo "Installing$$missing"; \
	SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
fi
endef

# The browser bundle (tools/bundle.sh): hashed names, brotli beside each file. The release bundle
# that `make run` serves and the debug one the browser tests use live in different folders, so a
# test run never swaps a running demo's bundle.
site:
	@$(STAGE) "browser bundle (debug)"
	tools/bundle.sh debug $(SITE_DEBUG)

site-release:
	tools/bundle.sh release $(SITE)

# The debug server (what the browser tests run) is built by the test build itself, beside every
# test binary: `cargo build` would resolve features without the tests' dev-dependencies and so
# build most of the tree a second time. Every cargo command of `make test` selects the same
# packages (TEST_PACKAGES) for the same reason.
TEST_PACKAGES := --workspace --exclude frontend
server:
	@$(STAGE) "server and tests (debug)"
	cargo test $(TEST_PACKAGES) --no-run

server-release:
	cargo build -p server --release

## Parts of `make test`, for working on one tier.
unit:
	cargo test $(TEST_PACKAGES) --lib
it:
	cargo test $(TEST_PACKAGES) --test it
e2e: site server
	cd end2end && npx playwright test

## make bench: every benchmark in bench/, each ending with one summary line.
bench: setup-bench site-release server-release
	bench/run-all.sh
