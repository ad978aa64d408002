package io.sluice.consumer;

import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One owner's view of a shared scheduler: its tasks run on the shared threads and {@link #shutdown}
 * cancels just them. Lets each consumer's Kafka metrics binder refresh without a thread of its own
 * (a thousand instances would otherwise hold a thousand extra threads).
 */
final class ScheduledTasks extends AbstractExecutorService implements ScheduledExecutorService {
  private final ScheduledExecutorService shared;
  private final Set<ScheduledFuture<?>> tasks = ConcurrentHashMap.newKeySet();
  private volatile boolean shutdown;

  ScheduledTasks(ScheduledExecutorService shared) {
    this.shared = shared;
  }

  private <T extends ScheduledFuture<?>> T track(T task) {
    tasks.add(task);
    if (shutdown) {
      task.cancel(false);
    }
    return task;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return track(shared.schedule(command, delay, unit));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return track(shared.schedule(callable, delay, unit));
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return track(shared.scheduleAtFixedRate(command, initialDelay, period, unit));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return track(shared.scheduleWithFixedDelay(command, initialDelay, delay, unit));
  }

  @Override
  public void execute(Runnable command) {
    shared.execute(command);
  }

  /** Cancels this owner's tasks; the shared threads keep running. */
  @Override
  public void shutdown() {
    shutdown = true;
    tasks.forEach(task -> task.cancel(false));
    tasks.clear();
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return shutdown;
  }
}
