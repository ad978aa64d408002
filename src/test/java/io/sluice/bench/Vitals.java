package io.sluice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap after a full GC, resident set size and thread count of another JVM on this Linux machine:
 * RSS and threads from {@code /proc/<pid>/status}, the heap from {@code jcmd <pid> GC.run} and
 * {@code GC.heap_info}. Reading the heap runs a full GC in that process.
 */
record Vitals(long heapBytes, long rssBytes, int threads) {
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  static Vitals of(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
    if (!used.find()) {
      throw new IllegalStateException("No heap figure in jcmd GC.heap_info of " + pid);
    }
    long heap = Long.parseLong(used.group(1)) * 1024;
    String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
    return new Vitals(heap, status("VmRSS", status) * 1024, (int) status("Threads", status));
  }

  private static long status(String field, String status) {
    Matcher value = Pattern.compile("(?m)^" + field + ":\\s+(\\d+)").matcher(status);
    if (!value.find()) {
      throw new IllegalStateException("No " + field + " in /proc/<pid>/status");
    }
    return Long.parseLong(value.group(1));
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Process process =
        new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + output);
    }
    return output;
  }
}
