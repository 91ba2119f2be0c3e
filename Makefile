# OnePoint: the two commands of the README, and a few more.
#   make dev    build, then run everything on the embedded Kafka cluster (Ctrl-C stops it)
#   make test   build, then run every test
# Both install the missing Debian packages first (scripts/ensure-deps.sh).

SWIFT_BUILD_FLAGS ?= -j 2

.PHONY: deps build dev test bench clean

deps:
	@scripts/ensure-deps.sh

build: deps
	swift build $(SWIFT_BUILD_FLAGS)

dev: build
	.build/debug/onepoint dev

# Tests start embedded clusters, workers and real processes: at most TEST_WIDTH run at once, so a
# 2-core machine is not overloaded into timeouts (Swift Testing's parallelization width).
TEST_WIDTH ?= 4

test: deps
	swift build $(SWIFT_BUILD_FLAGS) --build-tests
	swift test --skip-build --experimental-maximum-parallelization-width $(TEST_WIDTH)

# Benchmarks print figures; they are not tests. See docs/performance.md.
bench: deps
	swift build $(SWIFT_BUILD_FLAGS) -c release --product onepoint-bench
	swift build $(SWIFT_BUILD_FLAGS) -c release --product onepoint-fault
	swift build $(SWIFT_BUILD_FLAGS) -c release --product onepoint-relay
	swift build $(SWIFT_BUILD_FLAGS) -c release --product onepoint-provisioning
	.build/release/onepoint-bench all

clean:
	rm -rf .build var
