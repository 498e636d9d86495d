#!/usr/bin/env bash
# What the tests need from the system: Chromium for e2e, zbar to read QR codes back,
# CJK fonts so pages and print files render Chinese. Installed when running as root.
set -euo pipefail
missing=()
[ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null || missing+=(chromium)
ldconfig -p | grep -q libzbar.so.0 || missing+=(libzbar0)
fc-list 2>/dev/null | grep -qi "CJK" || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "installing ${missing[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "The tests need these system packages: ${missing[*]}" >&2
  echo "Install them (e.g. sudo apt-get install ${missing[*]}), or set CHROMIUM_PATH" >&2
  echo "to a Chromium binary (e.g. after 'playwright install chromium')." >&2
  exit 1
fi
