#!/usr/bin/env bash
# Installs the Debian packages OnePoint builds against, when they are missing.
# As root it installs them; otherwise it says exactly what to run.
# Extra package names given as arguments are ensured too (scripts/ensure-chromium.sh passes
# chromium for the report page's browser test).
set -euo pipefail

packages=(librdkafka-dev libsqlite3-dev libjemalloc-dev pkg-config openssl "$@")
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ! command -v swift >/dev/null 2>&1; then
  echo "error: no 'swift' on PATH. OnePoint needs Swift 6.2 or newer (https://www.swift.org/install/)." >&2
  exit 1
fi

python3 -m pip show jsonschema >/dev/null 2>&1 || python3 -m pip install -q jsonschema

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "installed: ${missing[*]}"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "installing Debian packages with sudo: ${missing[*]}"
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "error: OnePoint needs these Debian packages, which are not installed: ${missing[*]}" >&2
  echo "       install them with:  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
