#!/usr/bin/env bash
# Runs the gateway benchmark (not a test; numbers vary with the machine): records/s through
# GET records vs a native KafkaConsumer, produce-to-client latency, records/s through
# POST /topics/{topic} vs a native KafkaProducer (batches of 1, 100, 1000; 1 and 8 clients; each
# measurement stops after produce-records records or 5 s), idle instance memory.
#   bench/run.sh [records=500000] [idle-instances=1000] [produce-records=500000]
# 0 skips that part, e.g. bench/run.sh 0 0 to measure producing only.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests -Dspotless.check.skip=true test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.sluice.bench.GatewayBenchmark "$@"
