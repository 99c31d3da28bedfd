#!/usr/bin/env bash
# Installs what building and testing ws needs on a fresh Debian machine, and
# nothing when it is already there. Swift itself comes with the machine.
set -euo pipefail

# Writes outside the home folder (apt, /opt, /usr/local/bin) need root: sudo when not root.
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

# apt-get install with fresh package lists: a fresh image has empty ones ("Unable to locate package"),
# so the lists are updated before the first install, whichever install that is.
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    $sudo apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# postgresql: initdb/pg_ctl for the throwaway server the conformance suite runs against (scripts/with-postgres.sh)
# and for the local provider's clusters; postgresql-client: psql, which the local provider and its tests use.
# jq: the printed digitalocean plans capture an id with it, and the tests run those plans.
# chromium, chromium-driver: the headless browser the board's browser tests drive (Tests/Browser); curl: the server tests' HTTP client.
packages=(git pkg-config sqlite3 libsqlite3-dev libgit2-dev libcurl4-openssl-dev postgresql postgresql-client jq chromium chromium-driver curl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt_install "${missing[@]}"
fi

# The AWS provider is tested against moto_server, and checked with the aws CLI, both from PyPI.
if ! command -v moto_server >/dev/null || ! command -v aws >/dev/null; then
  echo "installing from PyPI: moto[server] awscli"
  python3 -m pip install --quiet "moto[server]" awscli 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages "moto[server]" awscli
  command -v pyenv >/dev/null && pyenv rehash || true
  hash -r
fi

# The azure provider's commands are checked with the real az (PyPI azure-cli, the 2.91 line), in a venv of its
# own: its pinned dependencies would otherwise replace moto's and awscli's.
if ! command -v az >/dev/null; then
  echo "installing from PyPI: azure-cli 2.91 (in /opt/ws-azure-cli, linked as /usr/local/bin/az)"
  # Debian's own python3 needs python3-venv for this; the machine's pyenv Python has it built in.
  $sudo python3 -m venv /opt/ws-azure-cli 2>/dev/null || {
    apt_install python3-venv
    $sudo python3 -m venv /opt/ws-azure-cli
  }
  $sudo /opt/ws-azure-cli/bin/python -m pip install --quiet "azure-cli==2.91.*"
  $sudo ln -sf /opt/ws-azure-cli/bin/az /usr/local/bin/az
  hash -r
fi

# The gcp provider's commands are checked with the real gcloud, which comes with the machine's image
# (google-cloud-cli); the test that needs it says how to install it when it is missing.
command -v gcloud >/dev/null || echo "note: gcloud is not installed: https://cloud.google.com/sdk/docs/install (apt: google-cloud-cli)" >&2

# The MCP tests drive `ws mcp` with the official MCP Python SDK as the client, pinned: 2.x is the
# first line with both the `legacy` (initialize, 2025-11-25) and `auto` (server/discover, 2026-07-28) modes.
mcp_version=2.3.0
if [ "$(python3 -c 'import importlib.metadata as m; print(m.version("mcp"))' 2>/dev/null)" != "$mcp_version" ]; then
  echo "installing from PyPI: mcp==$mcp_version"
  python3 -m pip install --quiet "mcp==$mcp_version" 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages "mcp==$mcp_version"
fi

# The board's browser tests drive Chromium through Selenium, from PyPI.
if ! python3 -c "import selenium" 2>/dev/null; then
  echo "installing from PyPI: selenium"
  python3 -m pip install --quiet selenium 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages selenium
fi

command -v swift >/dev/null || { echo "swift is not on PATH: install Swift 6.3 first" >&2; exit 1; }
