# Thin wrapper over CMake. `make demo` and `make test` work on a fresh Debian 12 machine:
# they install what is missing first (scripts/install-deps.sh).
MAKEFLAGS += --no-print-directory
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
BOUNDWISE := $(BUILD_DIR)/bin/boundwise

.PHONY: all deps build demo test unit lit bench clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build
	@echo "== boundwise check --show-call-sites -p $(BUILD_DIR) examples/ =="
	@$(BOUNDWISE) check --show-call-sites --exit-zero -p $(BUILD_DIR) examples/
	@echo
	@echo "== boundwise profile --replay -- python3 -m newsroom.batch (in examples/) =="
	@cd examples && $(abspath $(BOUNDWISE)) profile --replay --workers 1,2 -o $(abspath $(BUILD_DIR))/demo-profile.json -- python3 -m newsroom.batch
	@echo
	@echo "== boundwise check --profile: the measured figures merged into the findings, HTML report =="
	@$(BOUNDWISE) check --profile $(BUILD_DIR)/demo-profile.json --format html -o $(BUILD_DIR)/demo-report --exit-zero -p $(BUILD_DIR) examples/
	@echo "report: $(BUILD_DIR)/demo-report/index.html"
	@echo
	@echo "== boundwise profile --source examples/native -- $(BUILD_DIR)/examples/native/ingest =="
	@$(BOUNDWISE) profile --source examples/native -- $(BUILD_DIR)/examples/native/ingest

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

bench: build
	bench/corpus_bench.sh $(BOUNDWISE) $(BUILD_DIR)

clean:
	rm -rf $(BUILD_DIR)
