package io.sluice.bench;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Every figure of one run of the suite, and the machine it ran on. Not thread-safe. */
final class Results {
  /** Where the figures were measured. */
  record Machine(int cores, String os, String java, Path jar, String date) {
    static Machine current(Path jar) {
      return new Machine(
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("os.name") + " " + System.getProperty("os.version"),
          System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
          jar,
          OffsetDateTime.now().withNano(0).toString());
    }
  }

  private final Machine machine;
  private final List<Figure> figures = new ArrayList<>();

  Results(Machine machine) {
    this.machine = machine;
  }

  void add(Figure figure) {
    figures.add(figure);
  }

  Machine machine() {
    return machine;
  }

  List<Figure> figures() {
    return List.copyOf(figures);
  }
}
