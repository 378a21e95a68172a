#!/usr/bin/env bash
# scripts/deps.sh: installs the Debian 12 packages dojo needs to build, run
# and test, but only those that are missing (apt-get update first). With
# --fuzz it adds clang and libFuzzer (libclang-rt-14-dev), which only
# scripts/fuzz.sh and the fuzz_short test need (docs/fuzzing.md).
set -euo pipefail
pkgs=(build-essential cmake pkg-config liblua5.4-dev libreadline-dev libcmocka-dev
      libcurl4-openssl-dev libcmark-dev libsqlite3-dev libmicrohttpd-dev
      lua5.4 lua-luassert lua-busted tmux python3 libxml2-utils perl bc
      libarchive13)
if [ "${1:-}" = --fuzz ]; then
  pkgs+=(clang libclang-rt-14-dev)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "dojo: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
