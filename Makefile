# Ampel Desktop. The two commands: `make run` starts the app, `make test` runs
# every check. Both install what they need first (scripts/setup.sh) and are safe
# to run twice.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)
export CARGO_TERM_COLOR ?= always
# Each WebDriver test opens a real window; keep them in the virtual display.
SESSION := scripts/test-session.sh --display --

.DEFAULT_GOAL := run
.PHONY: run test test-clock setup setup-test ui lint unit e2e bindings package package-test bench bench-startup fuzz soak

## run: build the UI and the app, then start Ampel
run: setup ui
	cargo build -p ampel
	scripts/run-app.sh

## test: formatting, lints, type checks, UI tests, Rust tests, the end-to-end suite,
## the time-touching tests again under a faked clock at 8 instants, and the package
## test (release .deb/.rpm, unpacked and run; installs nothing)
test: setup-test ui lint
	npm --prefix ui test
	$(SESSION) cargo nextest run --workspace
	$(SESSION) scripts/test-clock.sh quick
	$(SESSION) scripts/package-test.sh
	@echo "make test: all checks passed"

## test-clock: the time-touching tests under a faked clock at 00:05, 11:55, 12:05 and
## 23:55 UTC, both DST changes (TZ set, and once unset), a month end and a year end (scripts/test-clock.sh);
## `make test-clock ALL=1` runs the whole Rust suite at each instant
test-clock: setup-test ui
	$(SESSION) scripts/test-clock.sh $(if $(ALL),all,time)

setup:
	scripts/setup.sh run

setup-test:
	scripts/setup.sh test

## ui: the bundled web UI (ui/dist), embedded into the binary at compile time
ui:
	npm --prefix ui run build --silent

## lint: rustfmt, TypeScript, eslint, clippy (warnings are errors)
lint:
	cargo fmt --all --check
	npm --prefix ui run typecheck --silent
	npm --prefix ui run lint --silent
	cargo clippy --workspace --all-targets -- -D warnings

## unit: Rust tests without the end-to-end suite
unit: setup-test ui
	scripts/test-session.sh -- cargo nextest run --workspace -E 'not binary(e2e)'

## e2e: only the end-to-end suite (real window under Xvfb, screenshots in target/e2e/)
e2e: setup-test ui
	$(SESSION) cargo nextest run -p ampel --test e2e

## bindings: regenerate ui/src/bindings.ts from the Rust commands
bindings:
	cargo test -p ampel --lib bindings_are_current || true
	@git diff --stat -- ui/src/bindings.ts

## bench: performance figures (not tests): validation round trips, refresh requests and
## latency ratio, cache load/upsert, dashboard filtering and rendering, and the
## release app's start-up, memory and idle CPU against a bare Tauri window
bench: setup-test ui
	cargo bench -p ampel-forge --bench validate
	cargo bench -p ampel-sync --bench refresh
	cargo bench -p ampel-store --bench cache
	npm --prefix ui run bench
	$(SESSION) cargo test -p ampel --bench dashboard_window
	$(MAKE) bench-startup

## bench-startup: release app vs a bare Tauri window (benches/bare-window) under Xvfb:
## start → mapped window and idle Pss over 30 alternated rounds, Pss with 5,000 cached
## PRs, idle CPU over 60 s (scripts/bench-startup.sh; SAMPLES=N to change the rounds)
bench-startup: setup-test ui
	cargo build --release -p ampel -p ampel-bare-window
	cargo build --release -p ampel-store --example seed_cache
	$(SESSION) scripts/bench-startup.sh $(or $(SAMPLES),30)

## package: a .deb and an .rpm with the Tauri CLI (target/release/bundle/)
package: setup ui
	ui/node_modules/.bin/tauri build --bundles deb,rpm

## package-test: only the package test (builds the packages first)
package-test: setup-test ui
	$(SESSION) scripts/package-test.sh

## fuzz: every parser of forge data and user text under libFuzzer (nightly, cargo-fuzz),
## FUZZ_SECS seconds a target (default 75, ~20 min in all) or FUZZ_RUNS executions; prints executions,
## exec/s, coverage and crashes per target (scripts/fuzz.sh). Not part of `make test`.
fuzz:
	scripts/fuzz.sh

## soak: the CLI's and the app's refresh loops against the fake forge drawing a random
## fault for every request, the app SIGKILLed and restarted at random, for SOAK_SECS
## seconds (default 600); then the database, accounts, tokens and cache are checked
## (scripts/soak.sh). Not part of `make test`.
soak: setup-test ui
	scripts/soak.sh
