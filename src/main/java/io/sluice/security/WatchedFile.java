package io.sluice.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file's parsed content, parsed again when the file changes (its modification time or size),
 * looked at no more than once a second. Thread-safe. A change that does not parse is logged and the
 * last good content stays in force; the first read must parse, so a bad file fails the start.
 */
final class WatchedFile<T> {
  private static final Logger log = LoggerFactory.getLogger(WatchedFile.class);
  private static final long CHECK_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

  private final Path path;
  private final Function<String, T> parser;
  private volatile Snapshot<T> current;
  private volatile long checked;

  private record Snapshot<T>(FileTime modified, long size, T value) {}

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
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      if (attributes.lastModifiedTime().equals(current.modified())
          && attributes.size() == current.size()) {
        return;
      }
      current = read();
      log.info("Re-read {}", path);
    } catch (RuntimeException e) {
      log.warn("Keeping the last good {}: {}", path, e.getMessage());
    } catch (IOException e) {
      log.warn("Keeping the last good {}: cannot read it ({})", path, e.toString());
    }
  }

  private Snapshot<T> read() {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      String content = Files.readString(path, StandardCharsets.UTF_8);
      return new Snapshot<>(
          attributes.lastModifiedTime(), attributes.size(), parser.apply(content));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }
}
