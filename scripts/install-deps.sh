#!/usr/bin/env bash
# Installs what building and testing ws needs on a fresh Debian machine, and
# nothing when it is already there. Swift itself comes with the machine.
set -euo pipefail

# postgresql: initdb/pg_ctl for the throwaway server the conformance suite runs against (scripts/with-postgres.sh)
# and for the local provider's clusters; postgresql-client: psql, which the local provider and its tests use.
# chromium, chromium-driver: the headless browser the board's browser tests drive (Tests/Browser); curl: the server tests' HTTP client.
packages=(git pkg-config sqlite3 libsqlite3-dev libgit2-dev libcurl4-openssl-dev postgresql postgresql-client chromium chromium-driver curl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The AWS provider is tested against moto_server, and checked with the aws CLI, both from PyPI.
if ! command -v moto_server >/dev/null || ! command -v aws >/dev/null; then
  echo "installing from PyPI: moto[server] awscli"
  python3 -m pip install --quiet "moto[server]" awscli 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages "moto[server]" awscli
  command -v pyenv >/dev/null && pyenv rehash || true
  hash -r
fi

# The board's browser tests drive Chromium through Selenium, from PyPI.
if ! python3 -c "import selenium" 2>/dev/null; then
  echo "installing from PyPI: selenium"
  python3 -m pip install --quiet selenium 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages selenium
fi

command -v swift >/dev/null || { echo "swift is not on PATH: install Swift 6.3 first" >&2; exit 1; }
