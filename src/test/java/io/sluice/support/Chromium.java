package io.sluice.support;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real headless Chromium for browser tests, from Debian's chromium and chromium-driver (which
 * .ci/run installs). Where they are missing the tests are skipped, except in CI, where that is a
 * failure. Not thread-safe: one test class drives it at a time.
 */
public final class Chromium implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Chromium.class);
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target");
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static final boolean INSTALLED =
      Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  private static final String SKIPPED =
      "Browser tests skipped: no "
          + CHROMIUM
          + " and "
          + CHROMEDRIVER
          + " here (apt-get install chromium chromium-driver)";

  private final ChromeDriverService service;
  private final ChromeDriver driver;

  private Chromium(ChromeDriverService service, ChromeDriver driver) {
    this.service = service;
    this.driver = driver;
  }

  /**
   * Whether browser tests can run here. Fails in CI when Chromium or its driver is missing, so
   * there they never skip.
   */
  public static boolean available() {
    if (!INSTALLED && System.getenv("CI") != null) {
      fail(
          "Browser tests must run in CI, but %s or %s is missing: .ci/run installs the"
              + " chromium and chromium-driver packages",
          CHROMIUM, CHROMEDRIVER);
    }
    return INSTALLED;
  }

  /** Skips the calling test, with a warning, where Chromium is not installed. */
  public static void assumeAvailable() {
    if (!INSTALLED) {
      log.warn(SKIPPED);
    }
    assumeTrue(INSTALLED, SKIPPED);
  }

  /** Starts Chromium, keeping what its pages write to the console for {@link #console()}. */
  public static Chromium start() {
    // Both paths are given, so Selenium Manager never looks for (or downloads) a browser.
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--window-size=1280,1000");
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    return new Chromium(service, new ChromeDriver(service, options));
  }

  public WebDriver driver() {
    return driver;
  }

  /** Loads {@code url} in the one tab. */
  public void open(String url) {
    driver.get(url);
  }

  /** Runs {@code script} in the page; {@code arguments} are its {@code arguments[i]}. */
  public Object script(String script, Object... arguments) {
    return driver.executeScript(script, arguments);
  }

  /** Waits up to 30 s for {@code condition} to answer neither null nor false; answers that. */
  public <T> T await(Function<? super WebDriver, T> condition) {
    return new WebDriverWait(driver, PATIENCE).until(condition);
  }

  /** What pages wrote to the console (errors the browser reports included) since last asked. */
  public List<String> console() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(LogEntry::getMessage)
        .toList();
  }

  /** A screenshot of the page as it is, under target/. */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      return Files.write(SCREENSHOTS.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    service.stop();
  }
}
