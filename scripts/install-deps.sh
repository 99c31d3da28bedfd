#!/usr/bin/env bash
# Installs what one purpose needs on a fresh Debian machine, and nothing when it is already there.
# Swift itself comes with the machine.
#   scripts/install-deps.sh build   building and running ws (make build, release, install)
#   scripts/install-deps.sh demo    build, and what scripts/demo.sh uses (make demo)
#   scripts/install-deps.sh dist    build, and the Debian packaging tools (make dist)
#   scripts/install-deps.sh test    all of the above, and what the tests use (make test); also with no argument,
#                                   as bench/run.sh calls it
# Python tools go into virtual environments in the build folder (.build/venv-*), never the system Python.
set -euo pipefail
purpose="${1:-test}"
# Swift first: without it nothing below is of use, and a newcomer should not get packages and venvs before learning that.
command -v swift >/dev/null || { echo "swift is not on PATH: install Swift 6.3 first" >&2; exit 1; }
root="$(cd "$(dirname "$0")/.." && pwd)"

# Debian's packages, by purpose.
# build: the -dev libraries ws compiles against (libgit2 and libcurl are loaded at run time by their sonames,
# Sources/CLibLoader), git, which ws works beside, and graphviz, which lays out `ws graph` and the board's graph.
# g++: the release binary links libstdc++.a and libgcc_eh.a into itself (static-link/README.md); Swift's own
# Linux dependencies bring them, g++ makes sure.
build_packages=(git pkg-config libsqlite3-dev libgit2-dev libcurl4-openssl-dev graphviz g++)
# demo: python3 runs the demo's MCP agent (in .build/venv-demo); the demo provisions a database with the local
# provider, which runs a PostgreSQL cluster (initdb, pg_ctl) and reaches it with psql.
demo_packages=(python3 postgresql postgresql-client)
# dist: dpkg-shlibdeps (dpkg-dev) finds the package's dependencies; strip and objdump (binutils).
dist_packages=(dpkg-dev binutils)
# test: sqlite3, the CLI the log-integrity tests edit the log with; jq, which the printed digitalocean plans
# capture an id with; chromium and chromium-driver, the headless browser of the board's browser tests; curl, the
# server tests' HTTP client; man-db, which the package test reads `man ws` with.
test_packages=(sqlite3 jq chromium chromium-driver curl man-db openssl)

case "$purpose" in
  build) packages=("${build_packages[@]}") ;;
  demo) packages=("${build_packages[@]}" "${demo_packages[@]}") ;;
  dist) packages=("${build_packages[@]}" "${dist_packages[@]}") ;;
  test) packages=("${build_packages[@]}" "${demo_packages[@]}" "${dist_packages[@]}" "${test_packages[@]}") ;;
  *) echo "usage: scripts/install-deps.sh build|demo|dist|test" >&2; exit 64 ;;
esac

# Writes outside the home folder (apt) need root: sudo when not root.
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

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt_install "${missing[@]}"
fi

# python_venv DIR REQUIREMENTS: a venv at DIR holding exactly the pinned REQUIREMENTS, made again when the
# file changes (the copy in DIR is written last, so an interrupted install is redone).
python_venv() {
  local dir="$1" requirements="$2"
  cmp -s "$requirements" "$dir/requirements.txt" 2>/dev/null && return 0
  echo "installing from PyPI into ${dir#"$root"/}: $(grep -v '^#' "$requirements" | tr '\n' ' ')"
  rm -rf "$dir"
  # Debian's own python3 needs python3-venv for this; a pyenv or python.org Python has it built in.
  if ! python3 -m venv "$dir" >/dev/null 2>&1; then
    rm -rf "$dir"
    apt_install python3-venv
    python3 -m venv "$dir"
  fi
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$dir/requirements.txt"
}

case "$purpose" in
  demo) python_venv "$root/.build/venv-demo" "$root/scripts/python/demo.txt" ;;
  test)
    python_venv "$root/.build/venv-test" "$root/scripts/python/test.txt"
    python_venv "$root/.build/venv-az" "$root/scripts/python/az.txt"
    # The gcp provider's commands are checked with the real gcloud, which comes with the machine's image
    # (google-cloud-cli); the test that needs it says how to install it when it is missing.
    command -v gcloud >/dev/null || echo "note: gcloud is not installed: https://cloud.google.com/sdk/docs/install (apt: google-cloud-cli)" >&2
    ;;
  *) ;;
esac

