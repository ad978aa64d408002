package io.sluice.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file's parsed content, parsed again when the file's content changes, looked at no more than
 * once a second. Thread-safe. A change that does not parse is logged and the last good content
 * stays in force; the first read must parse, so a bad file fails the start.
 */
final class WatchedFile<T> {
  private static final Logger log = LoggerFactory.getLogger(WatchedFile.class);
  private static final long CHECK_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

  private final Path path;
  private final Function<String, T> parser;
  private volatile Snapshot<T> current;
  private volatile long checked;

  private record Snapshot<T>(String content, T value) {}

  WatchedFile(Path path, Function<String, T> parser) {
    this.path = path;
    this.parser = parser;
    this.current = read();
    this.checked = System.nanoTime();
  }

  /** The content in force, re-read first if the file changed since it was last looked at. */
  T get() {
    long now = System.nanoTime();
    if (now - checked >= CHECK_INTERVAL_NANOS) {
      synchronized (this) {
        if (now - checked >= CHECK_INTERVAL_NANOS) {
          reloadIfChanged();
          checked = System.nanoTime();
        }
      }
    }
    return current.value();
  }

  private void reloadIfChanged() {
    String content;
    try {
      content = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      log.warn("Keeping the last good {}: cannot read it ({})", path, e.toString());
      return;
    }
    // The content itself, not its time or size: a replaced hash keeps the size, and copies may
    // keep the time.
    if (content.equals(current.content())) {
      return;
    }
    try {
      current = new Snapshot<>(content, parser.apply(content));
      log.info("Re-read {}", path);
    } catch (RuntimeException e) {
      log.warn("Keeping the last good {}: {}", path, e.getMessage());
    }
  }

  private Snapshot<T> read() {
    try {
      String content = Files.readString(path, StandardCharsets.UTF_8);
      return new Snapshot<>(content, parser.apply(content));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }
}
