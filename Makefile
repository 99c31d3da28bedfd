# ws — the commands a person needs. Each installs what it needs first.
SWIFT ?= swift
# pip may put moto_server and aws in the user's bin folder.
export PATH := $(HOME)/.local/bin:$(PATH)

.PHONY: deps build release test demo bench clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

# Optimized, statically linked against the Swift runtime: .build-static/release/ws
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path .build-static --product ws

# The whole suite (decider, stores, git, and the CLI run as real processes), then ws checks this repository's own generated documents against its journal.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --disable-xctest
	"$$($(SWIFT) build --show-bin-path)/ws" verify

# A real run in a temporary git repository: a plan, two agents, the answers.
demo: build
	@scripts/demo.sh "$$($(SWIFT) build --show-bin-path)/ws"

# ws beside Taskwarrior on 10,000 workstreams and 1,000,000 events; writes BENCHMARKS.md.
bench: deps
	@bench/run.sh

clean:
	rm -rf .build .build-static
