package io.sluice;

import io.sluice.config.ConfigLoader;
import io.sluice.config.InvalidConfigException;
import io.sluice.config.Settings;
import java.nio.file.Path;
import java.util.Optional;

/** Command line entry point; the only place that exits the JVM. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Optional<Path> configFile = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        configFile = Optional.of(Path.of(args[++i]));
      } else {
        System.err.println(
            "Unknown argument: " + args[i] + " (usage: java -jar sluice.jar [--config FILE])");
        System.exit(2);
      }
    }
    Settings settings;
    try {
      settings = ConfigLoader.load(configFile, System.getenv());
    } catch (InvalidConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Gateway gateway = Gateway.start(settings);
    Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "sluice-shutdown"));
  }
}
