#!/usr/bin/env bash
# Debian packages the tests start for real: headless Chromium (browser tests; DejaVu so that the screenshots show
# Vietnamese text) and Virtuoso (remote-store tests).
# Installs what is missing when run as root with apt-get; otherwise says what is missing and which tests need it.
set -euo pipefail
PACKAGES=(chromium fonts-dejavu-core virtuoso-opensource)
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
  echo "note: Debian packages missing: ${missing[*]} (run as root: apt-get install ${missing[*]});" \
       "the browser and Virtuoso tests need them" >&2
fi
