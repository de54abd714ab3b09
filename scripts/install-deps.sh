#!/usr/bin/env bash
# Installs the system libraries Ferry links against (libcurl, zlib, SQLite), only when they are missing.
set -euo pipefail
missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if command -v pkg-config >/dev/null 2>&1; then
  pkg-config --exists libcurl || missing+=(libcurl4-openssl-dev)
  pkg-config --exists zlib || missing+=(zlib1g-dev)
  pkg-config --exists sqlite3 || missing+=(libsqlite3-dev)
else
  missing+=(libcurl4-openssl-dev zlib1g-dev libsqlite3-dev)
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing missing system packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
