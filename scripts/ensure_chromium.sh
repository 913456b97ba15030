#!/usr/bin/env bash
# Make sure Debian's Chromium is present for the browser tests; install it when we may.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "The browser tests need Chromium: on Debian or Ubuntu run 'sudo apt-get install chromium'." >&2
exit 1
