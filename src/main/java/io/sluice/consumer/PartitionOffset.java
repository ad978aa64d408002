package io.sluice.consumer;

/** A partition's offset with its commit metadata (empty string when there is none). */
public record PartitionOffset(String topic, int partition, long offset, String metadata) {}
