package io.sluice.schema;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Values loaded asynchronously and kept in a bounded cache; concurrent requests for one key share
 * one load, and a failed load is not kept (nor logged: the caller answers for it). Caffeine's own
 * async cache would log every failed load, a stack trace per record while a registry is down.
 * Thread-safe.
 */
final class SharedLookups<K, V> {
  private final Cache<K, V> loaded;
  private final ConcurrentMap<K, CompletableFuture<V>> loading = new ConcurrentHashMap<>();

  SharedLookups(int maximumSize) {
    this.loaded = Caffeine.newBuilder().maximumSize(maximumSize).build();
  }

  /** The cached value (then {@code onHit} runs), the load under way, or a new load. */
  CompletableFuture<V> get(K key, Function<K, CompletableFuture<V>> load, Runnable onHit) {
    V value = loaded.getIfPresent(key);
    if (value != null) {
      onHit.run();
      return CompletableFuture.completedFuture(value);
    }
    CompletableFuture<V> created = new CompletableFuture<>();
    CompletableFuture<V> underWay = loading.putIfAbsent(key, created);
    if (underWay != null) {
      return underWay;
    }
    load.apply(key)
        .whenComplete(
            (result, failure) -> {
              if (failure == null) {
                loaded.put(key, result);
              }
              loading.remove(key, created);
              if (failure == null) {
                created.complete(result);
              } else {
                created.completeExceptionally(
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure);
              }
            });
    return created;
  }

  void put(K key, V value) {
    loaded.put(key, value);
  }

  long size() {
    return loaded.estimatedSize();
  }
}
