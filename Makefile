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

.PHONY: all deps build release test quickstart bench clean distclean

all: build

deps:
	@bash scripts/deps.sh

build: deps
	@$(SWIFT) build -q $(SWIFT_FLAGS)

release: deps
	@$(SWIFT) build -q -c release $(SWIFT_FLAGS)

test: build
	@$(SWIFT) build -q --build-tests $(SWIFT_FLAGS)
	@$(SWIFT) test --skip-build $(SWIFT_FLAGS) $(if $(FILTER),--filter '$(FILTER)')

quickstart: release
	@.build/release/tenantsync quickstart

bench: release
	@.build/release/tenantsync bench

clean:
	@rm -rf .build

# Also removes the project prefix (librdkafka, Tansu): the next build installs them again.
distclean: clean
	@rm -rf .deps
