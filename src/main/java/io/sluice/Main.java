package io.sluice;

import io.sluice.config.ConfigKey;
import io.sluice.config.ConfigLoader;
import io.sluice.config.InvalidConfigException;
import io.sluice.config.Settings;
import io.sluice.observability.Logging;
import io.sluice.security.PasswordHashes;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Command line entry point; the only place that ends the JVM. */
public final class Main {
  private static final String USAGE =
      "Usage: java -jar sluice.jar [--config FILE] [--print-config] [--hash-password] [--help]";

  private Main() {}

  public static void main(String[] args) {
    Optional<Path> configFile = Optional.empty();
    boolean printConfig = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--help", "-h" -> {
          System.out.print(help());
          return;
        }
        case "--print-config" -> printConfig = true;
        case "--hash-password" -> {
          hashPassword();
          return;
        }
        case "--config" -> {
          if (i + 1 == args.length) {
            fail("--config needs a file. " + USAGE);
          }
          configFile = Optional.of(Path.of(args[++i]));
        }
        default -> fail("Unknown argument: " + args[i] + ". " + USAGE);
      }
    }
    try {
      if (printConfig) {
        ConfigLoader.effective(configFile, System.getenv())
            .forEach((key, value) -> System.out.println(key + "=" + value));
        return;
      }
      run(ConfigLoader.load(configFile, System.getenv()));
    } catch (InvalidConfigException | StartupException e) {
      fail(e.getMessage());
    }
  }

  private static void run(Settings settings) {
    if (settings.jsonLogs()) {
      Logging.useJson();
    }
    Gateway gateway = Gateway.start(settings);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  gateway.close();
                  // A SIGTERM'd JVM exits 143; a gateway that shut down cleanly exits 0.
                  Runtime.getRuntime().halt(0);
                },
                "sluice-shutdown"));
  }

  /**
   * Reads a password (the first line of standard input, or typed without echo at a terminal) and
   * prints its salted bcrypt hash for a {@code name:hash} line of the users file.
   */
  private static void hashPassword() {
    String password;
    Console console = System.console();
    if (console != null) {
      char[] typed = console.readPassword("Password: ");
      password = typed == null ? "" : new String(typed);
    } else {
      try {
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        password = line == null ? "" : line;
      } catch (IOException e) {
        fail("Cannot read the password from standard input: " + e.getMessage());
        return;
      }
    }
    try {
      System.out.println(PasswordHashes.hash(password));
    } catch (IllegalArgumentException e) {
      fail(e.getMessage());
    }
  }

  private static void fail(String message) {
    System.err.println(message);
    System.exit(2);
  }

  static String help() {
    StringBuilder help = new StringBuilder(USAGE).append("\n\n");
    help.append("Settings: built-in default < --config properties file < environment variable.\n");
    help.append("Key a.b.c is environment variable SLUICE_A_B_C.\n\n");
    for (ConfigKey key : ConfigKey.values()) {
      help.append(String.format("  %-34s %s%n", key.key(), key.description()));
      help.append(
          String.format(
              "  %-34s default: %s; env: %s%n",
              "",
              key.defaultValue().isEmpty() ? "(none)" : key.defaultValue(),
              key.environmentName()));
    }
    for (Map.Entry<String, String> prefix :
        Map.of(
                "kafka.*",
                "Any Kafka client setting, for every client the gateway creates",
                "kafka.consumer.*",
                "Any Kafka consumer setting, for consumers only")
            .entrySet()) {
      help.append(String.format("  %-34s %s%n", prefix.getKey(), prefix.getValue()));
    }
    help.append("\n--print-config prints the settings in force, with Kafka secrets hidden.\n");
    return help.toString();
  }
}
