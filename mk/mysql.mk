# MySQL module: fuzzing of the packet decoders and the upsert benchmark.
# The Swift tests are MySQLTests (unit, and MariaDB / mysql-mimic started by scripts/services/mariadb.sh and
# mysql-mimic.sh) and IntegrationTests/RDSMySQLConnectorTests (IAM token, Secrets Manager).

MYSQL_FUZZ_DIR     := .build/fuzz-mysql
MYSQL_FUZZ_SOURCES := Shared/MySQL/PacketReader.swift Shared/MySQL/ProtocolPackets.swift \
	Shared/MySQL/ResponseDecoder.swift Shared/MySQL/MySQLResultSet.swift Shared/MySQL/MySQLError.swift Shared/MySQL/MySQLServerVersion.swift \
	fuzz/mysql/FuzzMySQLPackets.swift
MYSQL_FUZZ_SECONDS ?= 60

# libFuzzer over the decoders of server bytes (handshake, OK/ERR, column definitions, rows, whole responses),
# seeded from fuzz/mysql/corpus. A crash leaves its input in $(MYSQL_FUZZ_DIR); add it as a test.
.PHONY: fuzz-mysql
fuzz-mysql:
	@mkdir -p $(MYSQL_FUZZ_DIR)/corpus
	swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name MySQLFuzz $(MYSQL_FUZZ_SOURCES) \
		-o $(MYSQL_FUZZ_DIR)/fuzz-mysql-packets
	cp -n fuzz/mysql/corpus/* $(MYSQL_FUZZ_DIR)/corpus/ 2>/dev/null || true
	cd $(MYSQL_FUZZ_DIR) && ./fuzz-mysql-packets -max_total_time=$(MYSQL_FUZZ_SECONDS) -max_len=4096 \
		-timeout=5 -rss_limit_mb=2048 corpus

# 200,000 rows (10 columns) upserted into a throw-away MariaDB: inserts, then updates of the same keys, by the
# Swift writer (multi-row statements, and the staged method: LOAD DATA LOCAL + INSERT ... SELECT) and by PyMySQL
# executemany (same batch size, same server, same run), plus LOAD DATA LOCAL INFILE as the ceiling. Extra driver options go in MYSQL_BENCH_ARGS (--rows, --batch, --rounds).
MYSQL_BENCH_SCRATCH := .build-bench
MYSQL_BENCH_ARGS ?=

.PHONY: bench-mysql
bench-mysql: .local/apt.stamp $(VENV)/.stamp
	$(SWIFT) build -c release --scratch-path $(MYSQL_BENCH_SCRATCH) --product MySQLBench
	$(PYTHON) scripts/bench/mysql_upsert_bench.py \
		--swift-bench "$$($(SWIFT) build -c release --scratch-path $(MYSQL_BENCH_SCRATCH) --show-bin-path)/MySQLBench" \
		$(MYSQL_BENCH_ARGS)
	@$(MAKE) --no-print-directory bench-mysql-unload

# MySQLUpsert's whole row path: the packaged bootstrap under the emulator loads a gzip pipe-delimited UNLOAD part
# from moto into MariaDB (inserts, then updates of the same keys), with UPSERT_METHOD=odku and =staged, beside PyMySQL
# executemany reading the same file with the same batch size and LOAD DATA LOCAL INFILE from the mariadb client, same
# run; with its peak RSS.
MYSQL_UNLOAD_BENCH_ROWS ?= 1000000
MYSQL_UNLOAD_BENCH_BATCH ?= 1000

.PHONY: bench-mysql-unload
bench-mysql-unload: .local/apt.stamp $(VENV)/.stamp
	scripts/package.sh MySQLUpsert dist/MySQLUpsert
	$(PYTHON) scripts/bench/mysql_unload_bench.py --bootstrap dist/MySQLUpsert/bootstrap \
		--rows $(MYSQL_UNLOAD_BENCH_ROWS) --batch $(MYSQL_UNLOAD_BENCH_BATCH)

BENCH_TARGETS += bench-mysql

# Whether a bulk path (LOAD DATA LOCAL INFILE into a session temporary table, then INSERT ... SELECT ... ON DUPLICATE
# KEY UPDATE) beats multi-row upserts on this server, at the same batch sizes, with statements and files prepared
# in Python before the clock starts: the probe that led to UPSERT_METHOD=staged (BENCHMARKS.md). Not part of
# `make bench`.
.PHONY: bench-mysql-staging
bench-mysql-staging: .local/apt.stamp $(VENV)/.stamp
	$(PYTHON) scripts/bench/mysql_staging_probe.py

# Whether splitting the rows by a hash of the key over two connections (each key always on the same connection, so
# its updates stay in file order) would raise the server's rate, for multi-row upserts and the staged method, with
# statements and files prepared in Python before the clock starts (BENCHMARKS.md). Not part of `make bench`.
MYSQL_PARTITION_PROBE_ARGS ?=

.PHONY: bench-mysql-partition
bench-mysql-partition: .local/apt.stamp $(VENV)/.stamp
	$(PYTHON) scripts/bench/mysql_partition_probe.py $(MYSQL_PARTITION_PROBE_ARGS)
