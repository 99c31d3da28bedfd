#!/usr/bin/env bash
# swift build of the release ws as it ships, with its one set of flags (make release, install, dist and the benches):
# the Swift runtime linked statically, which halves process start-up; position-dependent (-no-pie), which spares
# every start ninety thousand relative relocations; no exported symbol table (--no-export-dynamic): the runtime's
# start-up dladdr, and every symbol the loader binds, no longer search 50,000 names; and no $ORIGIN run path
# (--disable-local-rpath): the loader looked for libc and libm in ten folders beside the binary first, fourteen
# failed opens and stats a start (README.md, "Speed"). Extra arguments follow (--product ws, --show-bin-path).
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${SWIFT:-swift}" build -c release --static-swift-stdlib --disable-local-rpath \
  -Xlinker -no-pie -Xlinker --no-export-dynamic --scratch-path .build-static "$@"
