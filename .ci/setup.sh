#!/usr/bin/env bash
# Installs what the test suite needs and is not already here. Safe to run
# twice: every step checks first. Needs root (or sudo) only when something
# has to be installed with apt.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v docker-compose >/dev/null 2>&1 || need_apt+=(docker-compose)
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui)
fc-list 2>/dev/null | grep -qi "dejavu" || need_apt+=(fonts-dejavu-core)

if ((${#need_apt[@]})); then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: need root to install: ${need_apt[*]}" >&2; exit 1; }
    SUDO=sudo
  fi
  echo "setup: installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# Browser-test dependencies (Playwright without its own browser download:
# tests use Debian's /usr/bin/chromium).
if [ -f tests/e2e/package.json ]; then
  if [ ! -d tests/e2e/node_modules ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules ]; then
    echo "setup: npm ci in tests/e2e"
    (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
echo "setup: ok"
