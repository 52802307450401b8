#!/usr/bin/env bash
# Debian packages, installed when missing (as root, with apt-get); otherwise says what is missing and what for.
#   bash tools/system-packages.sh         the tests' packages: headless Chromium (browser tests; DejaVu so that the
#                                         screenshots show Vietnamese text), Virtuoso (remote-store tests) and jemalloc
#   bash tools/system-packages.sh serve   the server's one optional package: jemalloc, which the query workers run
#                                         with when installed (graph/worker_allocator.py; without it, a little slower)
set -euo pipefail
if [ "${1:-test}" = serve ]; then
  PACKAGES=(libjemalloc2)
  WHY="the query workers run faster with it (optional)"
else
  PACKAGES=(chromium fonts-dejavu-core virtuoso-opensource libjemalloc2)
  WHY="the browser, Virtuoso and query-worker tests need them"
fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "note: Debian packages missing: ${missing[*]} (run as root: apt-get install ${missing[*]}); $WHY" >&2
fi
