#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through Playwright; Playwright never downloads one.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "ensure-chromium: installing Debian's chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "Chromium is missing: install Debian's package 'chromium' (sudo apt-get install chromium)." >&2
  exit 1
fi
