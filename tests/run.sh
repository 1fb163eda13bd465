#!/usr/bin/env bash
# Runs every test of the project. This is the README's test command.
#   formatting and lints -> Rust unit and integration tests -> release
#   smoke test -> compose file check -> browser tests (headless Chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

step() { printf '\n==> %s\n' "$*"; }

step "setup (installs only what is missing)"
bash .ci/setup.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test (unit, property and integration tests)"
cargo test --workspace --locked

step "release build and smoke test"
cargo build --release --locked -p roundtable -p loadgen
bash tests/smoke.sh target/release/roundtable

step "loadgen smoke (S1 for 10 s; fails only on lost or duplicated contributions)"
bash loadgen/smoke.sh target/release

step "docker-compose config"
docker-compose -f docker-compose.yml config -q

if [ -f tests/e2e/package.json ]; then
  step "browser tests (Playwright + Debian chromium)"
  (cd tests/e2e && npx playwright test)
fi

step "all tests passed"
