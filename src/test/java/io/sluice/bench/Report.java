package io.sluice.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Renders {@link Results}: one markdown table (printed and written to {@code results.md}) and
 * {@code results.json} with the machine and every figure's median, min, max and unit.
 */
final class Report {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Report() {}

  static void write(Results results, Path directory) throws IOException {
    Files.createDirectories(directory);
    String table = table(results);
    Files.writeString(directory.resolve("results.md"), table);
    MAPPER.writeValue(directory.resolve("results.json").toFile(), json(results));
    System.out.println();
    System.out.print(table);
  }

  static String table(Results results) {
    Results.Machine machine = results.machine();
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            "Sluice benchmark, %s: %d cores, %s, %s, gateway %s%n%n",
            machine.date(), machine.cores(), machine.os(), machine.java(), machine.jar()));
    md.append(
        "| Part | Measure | Unit | Gateway median (min–max) | p99 | Native median (min–max) | Gateway / native |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (Figure figure : results.figures()) {
      List<String> cells =
          List.of(
              figure.part(),
              figure.measure(),
              figure.unit(),
              range(figure.gateway()),
              figure.gateway() == null || figure.gateway().p99() == null
                  ? ""
                  : number(figure.gateway().p99()),
              range(figure.nativeClient()),
              Double.isNaN(figure.ratio())
                  ? ""
                  : String.format(Locale.ROOT, "%.2f×", figure.ratio()));
      md.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    return md.toString();
  }

  private static String range(Summary summary) {
    if (summary == null) {
      return "";
    }
    if (summary.samples() == 1) {
      return number(summary.median());
    }
    return number(summary.median())
        + " ("
        + number(summary.min())
        + "–"
        + number(summary.max())
        + ")";
  }

  /** Three significant digits at most, thousands grouped. */
  private static String number(double value) {
    double magnitude = Math.abs(value);
    if (magnitude >= 100 || value == Math.rint(value)) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    return String.format(
        Locale.ROOT, magnitude >= 10 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3f", value);
  }

  private static ObjectNode json(Results results) {
    ObjectNode root = MAPPER.createObjectNode();
    Results.Machine machine = results.machine();
    root.putObject("machine")
        .put("cores", machine.cores())
        .put("os", machine.os())
        .put("java", machine.java())
        .put("gatewayJar", machine.jar().toString())
        .put("date", machine.date());
    ArrayNode figures = root.putArray("figures");
    for (Figure figure : results.figures()) {
      ObjectNode node =
          figures
              .addObject()
              .put("part", figure.part())
              .put("measure", figure.measure())
              .put("unit", figure.unit());
      summary(node, "gateway", figure.gateway());
      summary(node, "native", figure.nativeClient());
      if (!Double.isNaN(figure.ratio())) {
        node.put("ratio", figure.ratio());
      }
    }
    return root;
  }

  private static void summary(ObjectNode node, String name, Summary summary) {
    if (summary == null) {
      return;
    }
    ObjectNode values =
        node.putObject(name)
            .put("samples", summary.samples())
            .put("median", summary.median())
            .put("min", summary.min())
            .put("max", summary.max());
    if (summary.p99() != null) {
      values.put("p99", summary.p99());
    }
  }
}
