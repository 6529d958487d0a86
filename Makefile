# TenantSync: `make quickstart` runs the embedded default, `make test` runs every test.
# Both install what is missing first (scripts/deps.sh: Debian packages, librdkafka 2.8.0 and the Tansu broker in
# .deps/prefix); a second run does nothing but build.
SHELL := /bin/bash
PREFIX := $(CURDIR)/.deps/prefix
export PKG_CONFIG_PATH := $(PREFIX)/lib/pkgconfig
export PATH := $(PATH):/opt/swift/usr/bin
SWIFT ?= swift
SWIFT_FLAGS ?=
# Tests of one suite or test only: make test FILTER=KafkaTests
FILTER ?=
# Tests build in release, with testable imports: the fleet test drives 200,000 changes through real worker
# processes and the reference model, about 5 minutes in release and over 15 in debug. `make test TEST_CONFIG=debug`
# builds faster for a quick FILTER run.
TEST_CONFIG ?= release
TEST_FLAGS := -c $(TEST_CONFIG) $(if $(filter release,$(TEST_CONFIG)),-Xswiftc -enable-testing)

.PHONY: all deps build release test quickstart bench clean distclean

all: build

deps:
	@bash scripts/deps.sh

build: deps
	@$(SWIFT) build -q $(SWIFT_FLAGS)

release: deps
	@$(SWIFT) build -q -c release $(SWIFT_FLAGS)

test: deps
	@$(SWIFT) build -q --build-tests $(TEST_FLAGS) $(SWIFT_FLAGS)
	@$(SWIFT) test --skip-build $(TEST_FLAGS) $(SWIFT_FLAGS) $(if $(FILTER),--filter '$(FILTER)')

quickstart: release
	@.build/release/tenantsync quickstart

bench: release
	@.build/release/tenantsync bench

clean:
	@rm -rf .build

# Also removes the project prefix (librdkafka, Tansu): the next build installs them again.
distclean: clean
	@rm -rf .deps
