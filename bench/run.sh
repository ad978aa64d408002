#!/usr/bin/env bash
# Runs the Sluice benchmark suite (a measurement, not a test; numbers vary with the machine) on a
# Kafka broker embedded in the benchmark JVM, against the gateway started as its own process with
# `java -jar` (by default target/sluice.jar, built here first). Parts, in this order:
#   produce     POST /topics/{topic} vs a native KafkaProducer (batches of 1, 100, 1000; 1 and 8 clients)
#   throughput  records/s and MB/s reading N records from the beginning: native KafkaConsumer
#               (default settings) vs GET …/records?max_bytes=8388608; binary and json; 100-byte
#               and 1-KiB values; 1 and 8 clients in one group; median (min–max) of --runs runs
#   latency     produce-to-client latency at 1,000 records/s with one long-polling client
#   stream      one SSE and one NDJSON stream vs native reading the binary 100-byte records; latency
#               over an SSE stream; threads and heap of a gateway of its own with 200 idle streams
#   startup     create, subscribe, first record: median/min/max over 20 fresh instances
#   commit      POST …/offsets with and without a body: p50/p99 over 200 commits each
#   avro        records/s reading --records-avro Avro records (~100-byte framed values) with one
#               client: GET …/records as avro and as binary (the same bytes) vs a native
#               KafkaConsumer decoding each value with GenericDatumReader and one taking the bytes;
#               the gateway gets the tests' Apicurio Registry (Java 21+) unless --gateway names a
#               schema.registry.url
#   idle        --idle-instances idle subscribed instances: the gateway's heap after GC, RSS and
#               threads, create/subscribe times, group membership after --idle-minutes
# Prints progress and the table; writes target/bench/results.json, results.md and throughput.png.
#
#   bench/run.sh [--jar PATH] [--parts produce,throughput,latency,stream,startup,commit,avro,idle]
#                [--runs 3] [--warmups 1] [--records 1000000] [--records-1k RECORDS/5]
#                [--records-avro RECORDS/5]
#                [--idle-instances 1000] [--idle-minutes 3] [--latency-seconds 10]
#                [--produce-records 500000] [--out target/bench] [--gateway key=value,...]
#
# e.g. a quick look: bench/run.sh --records 20000 --runs 1 --idle-instances 50 --idle-minutes 0.2
# or an older build: bench/run.sh --jar /tmp/baseline/target/sluice.jar (its lib/ next to it)
# or other settings: bench/run.sh --parts throughput --gateway consumer.buffer.max.records=50000
# or Avro alone: bench/run.sh --parts avro --records-avro 200000
set -euo pipefail
cd "$(dirname "$0")/.."
# The avro part starts the tests' Apicurio Registry from target/apicurio-registry (unpacked once).
mvn -B -q -DskipTests -Dspotless.check.skip=true package dependency:build-classpath \
  dependency:unpack@unpack-apicurio-registry \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Xmx2g -Djava.awt.headless=true \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.sluice.bench.GatewayBenchmark "$@"
