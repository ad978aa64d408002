package io.sluice.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * {@code throughput.png}: grouped bars of records/s, native against gateway (batch answers and
 * streams), per configuration.
 */
final class ThroughputChart {
  private ThroughputChart() {}

  static void write(Results results, Path file) throws IOException {
    List<Figure> throughput =
        results.figures().stream()
            .filter(f -> f.unit().equals("records/s") && f.nativeClient() != null)
            .filter(f -> f.part().equals("throughput") || f.part().equals("stream"))
            .toList();
    if (throughput.isEmpty()) {
      return;
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(1400)
            .height(700)
            .title(
                "Reading a topic from the beginning: native KafkaConsumer vs GET …/records"
                    + " (batches, or an SSE or NDJSON stream)")
            .xAxisTitle("format, value size, readers")
            .yAxisTitle("records/s (median of runs)")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setYAxisDecimalPattern("#,###");
    chart.getStyler().setXAxisLabelRotation(15);
    List<String> configurations =
        throughput.stream().map(f -> f.measure().replaceFirst(", ", " ")).toList();
    chart.addSeries(
        "native KafkaConsumer",
        configurations,
        throughput.stream().map(f -> f.nativeClient().median()).toList());
    chart.addSeries(
        "gateway GET …/records",
        configurations,
        throughput.stream().map(f -> f.gateway().median()).toList());
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
