# ws — the commands a person needs. Each installs what it needs first, and only that (scripts/install-deps.sh).
SWIFT ?= swift
# The Python tools live in virtual environments in the build folder, never in the system Python.
VENV_DEMO := $(CURDIR)/.build/venv-demo
VENV_TEST := $(CURDIR)/.build/venv-test
VENV_AZ := $(CURDIR)/.build/venv-az

.PHONY: deps deps-build deps-demo deps-dist deps-test build release install dist test soak demo bench clean diff-old

deps-build deps-demo deps-dist deps-test:
	@scripts/install-deps.sh $(@:deps-%=%)

deps: deps-test

# scripts/no-warnings.sh fails the build on a compiler warning in Sources/ or Tests/ (CI runs `make test`).
build: deps-build
	scripts/no-warnings.sh $(SWIFT) build

# Optimized, statically linked against the Swift runtime: .build-static/release/ws
release: deps-build
	SWIFT=$(SWIFT) scripts/no-warnings.sh scripts/swift-release.sh --product ws

# ws on PATH: the optimized binary in $(PREFIX)/bin (default ~/.local/bin), shell completions for
# bash, zsh and fish, and a man page made by swift-argument-parser's generate-manual tool.
PREFIX ?= $(HOME)/.local
install: release
	SWIFT=$(SWIFT) scripts/swift-release.sh --product generate-manual
	scripts/install.sh .build-static/release/ws "$(PREFIX)" .build-static/release/generate-manual

# The package: dist/ws_<version>_amd64.deb (apt install ./dist/ws_*.deb) and dist/ws-<version>-linux-amd64.tar.gz,
# holding the optimized binary, the completions and the man page; the .deb depends only on the libraries ws uses.
dist: release deps-dist
	SWIFT=$(SWIFT) scripts/swift-release.sh --product generate-manual
	scripts/make-dist.sh .build-static/release/ws .build-static/release/generate-manual dist

# The whole suite (decider, both stores, git, and the CLI run as real processes), then ws checks this repository's own generated documents against its journal.
# scripts/with-postgres.sh starts a throwaway PostgreSQL server for the conformance suite and stops it afterwards, also on failure.
# The tests' python3, moto_server, aws and az are the test venvs'; PackageTests installs the .deb that dist built.
test soak bench: export PATH := $(VENV_TEST)/bin:$(VENV_AZ)/bin:$(PATH)
test: deps-test dist
	scripts/no-warnings.sh $(SWIFT) build --build-tests
	$(SWIFT) build --product generate-manual
	scripts/with-postgres.sh $(SWIFT) test --disable-xctest
	"$$($(SWIFT) build --show-bin-path)/ws" verify

# Behaviour unchanged: one scenario (every command, MCP, the board) run by a previous release and by this build,
# outputs and commits compared, on SQLite and on PostgreSQL. Not in `test`: it needs OLD, e.g.
#   make diff-old OLD=/path/to/previous/ws
diff-old: build
	scripts/diff-binaries.sh "$(OLD)" "$$($(SWIFT) build --show-bin-path)/ws"
	scripts/with-postgres.sh env DIFF_PG=1 scripts/diff-binaries.sh "$(OLD)" "$$($(SWIFT) build --show-bin-path)/ws"

# The long reliability variants: 1,000 kill -9 rounds, 16 processes × 2,000 appends against each store,
# and three clones converging after 2,000 random operations (600 on the shared PostgreSQL store).
soak: deps-test
	$(SWIFT) build --build-tests
	WS_CRASH_ROUNDS=1000 WS_LOAD_APPENDS=2000 WS_CONVERGENCE_OPS=2000 WS_CONVERGENCE_PG_OPS=600 WS_INDEX_ROUNDS=200 \
		scripts/with-postgres.sh $(SWIFT) test --disable-xctest --filter 'CrashTests|LoadTests|ConvergenceTests|IndexStepTests'

# A real run in a temporary git repository: a plan, two agents, the answers.
demo: build deps-demo
	@PATH="$(VENV_DEMO)/bin:$$PATH" scripts/demo.sh "$$($(SWIFT) build --show-bin-path)/ws"

# ws beside Taskwarrior on 10,000 workstreams and 1,000,000 events; writes BENCHMARKS.md (its python3, with
# selenium and mcp, is the test venv's).
bench: deps-test
	@bench/run.sh

clean:
	rm -rf .build .build-static dist
