package io.sluice.consumer;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What all instances share: the timer for fetch deadlines, the executor that completes futures off
 * the poll loop threads, the meters, and the buffer bounds.
 */
record InstanceResources(
    ScheduledExecutorService timer,
    Executor completer,
    ConsumerMetrics metrics,
    long bufferMaxBytes,
    int bufferMaxRecords) {}
