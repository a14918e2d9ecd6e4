#!/usr/bin/env bash
# `make test`'s Swift tests, in two passes: first every suite but the oracle suites, then those alone.
#
# The oracle suites block a thread for minutes each while Python, DuckDB or Spark read what the Swift code wrote.
# Swift Testing runs on a pool of one thread per core, so on a 2-core machine two of them starve every other test:
# a loopback exchange then waits minutes for a thread, and tests of timing-sensitive behaviour (connection reuse,
# paused transfers) fail for no fault of the code. Apart, each pass keeps the parallelism it can use.
set -euo pipefail
swift="${1:-swift}"
oracles='ParquetReaderMatrixTests|ParquetReaderCorpusTests|GA4ExportReadBackTests|AvroFastavroOracleTests|StorageReadDifferentialTests|PhoneNumberDifferentialTests|UID2EmailDifferentialTests|HMACDifferentialTests'
"$swift" test --skip-build --skip "$oracles"
"$swift" test --skip-build --filter "$oracles"
