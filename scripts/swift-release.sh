#!/usr/bin/env bash
# swift build of the release ws as it ships, with its one set of flags (make release, install, dist and the benches):
# the Swift runtime linked statically, which halves process start-up; position-dependent (-no-pie), which spares
# every start ninety thousand relative relocations; no exported symbol table (--no-export-dynamic): the runtime's
# start-up dladdr, and every symbol the loader binds, no longer search 50,000 names; and no $ORIGIN run path
# (--disable-local-rpath): the loader looked for libc and libm in ten folders beside the binary first, fourteen
# failed opens and stats a start (README.md, "Speed"); and concrete generic types' metadata through direct accessor
# calls instead of mangled names (-disable-concrete-type-metadata-mangled-name-accessors): a mangled name is decoded
# at run time, and each generic requirement in it (String: Hashable for a Set<String>) made the runtime scan all
# 10,933 protocol conformance records of the binary once per process; 14 % of a `ws log` went to those scans,
# 10 % after (perf, 100-workstream plan), the binary 0.4 % larger. Extra arguments follow (--product ws,
# --show-bin-path).
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${SWIFT:-swift}" build -c release --static-swift-stdlib --disable-local-rpath \
  -Xlinker -no-pie -Xlinker --no-export-dynamic \
  -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors \
  --scratch-path .build-static "$@"
