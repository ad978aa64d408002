package io.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.Gateway;
import io.sluice.support.TestGateway;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@code auth.mode=none} in front of a real cluster is allowed, and said loudly. */
class OpenGatewayWarningIT {
  @Test
  void noAuthenticationInFrontOfAClusterOffLoopbackLogsALoudWarning() {
    List<String> lines = startAndLog(Map.of("kafka.bootstrap.servers", "192.0.2.10:9092"));

    assertThat(lines).anySatisfy(line -> assertThat(line).contains("ANYONE who reaches port"));
  }

  @Test
  void noAuthenticationInFrontOfALoopbackBrokerStaysQuiet() {
    List<String> lines = startAndLog(Map.of());

    assertThat(lines).isNotEmpty().noneSatisfy(line -> assertThat(line).contains("ANYONE"));
  }

  private static List<String> startAndLog(Map<String, String> settings) {
    Logger logger = (Logger) LoggerFactory.getLogger(Gateway.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try (TestGateway gateway = TestGateway.start(settings)) {
      assertThat(gateway.port()).isPositive();
      return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    } finally {
      logger.detachAppender(log);
    }
  }
}
