#!/usr/bin/env bash
# Runs the gateway benchmark (not a test; numbers vary with the machine): records/s through
# GET records vs a native KafkaConsumer, produce-to-client latency, idle instance memory.
#   bench/run.sh [records=500000] [idle-instances=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests -Dspotless.check.skip=true test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.sluice.bench.GatewayBenchmark "$@"
