package io.sluice.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sluice.consumer.ConsumerException;
import io.sluice.format.SchemasUnavailableException;
import io.sluice.format.UnrenderableRecordException;
import io.sluice.metadata.GroupNotFoundException;
import io.sluice.metadata.UnknownTopicException;
import io.sluice.producer.BadRecordException;
import io.sluice.schema.SchemaException;
import io.sluice.security.AccessDenied;
import io.sluice.security.AuthenticationFailure;
import io.sluice.security.KeysUnavailable;
import java.io.EOFException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidCommitOffsetSizeException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OffsetMetadataTooLarge;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that turns a failure into an HTTP status and the error envelope. */
final class ErrorTable {
  private static final Logger log = LoggerFactory.getLogger(ErrorTable.class);

  private static final Pattern INTERNALS =
      Pattern.compile(
          "(?i)`|\\$|exception|java|jackson|fasterxml|jakarta|eclipse|kotlin|javalin|feature"
              + "|source:|jsontoken|\\tat |\\bat [a-z]+\\.[a-z]+\\.");

  private ErrorTable() {}

  /** Messages say what is wrong and what to do in a sentence or two, never a whole echo. */
  static final int MAX_MESSAGE_LENGTH = 500;

  record Answer(int status, ApiError error) {
    static Answer of(int status, int code, String message) {
      return new Answer(status, new ApiError(code, brief(message)));
    }
  }

  static Answer answer(Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof RequestException r) {
      return Answer.of(r.status(), r.errorCode(), r.getMessage());
    }
    if (e instanceof ConsumerException c) {
      return switch (c.kind()) {
        case INSTANCE_NOT_FOUND -> Answer.of(404, 40403, c.getMessage());
        case INSTANCE_EXISTS -> Answer.of(409, 40902, c.getMessage());
        case ILLEGAL_STATE -> Answer.of(409, 40903, c.getMessage());
        case COMMIT_REJECTED -> Answer.of(409, 40904, c.getMessage());
        case TOO_MANY_INSTANCES -> Answer.of(429, 42901, c.getMessage());
        case INVALID_CONFIG -> Answer.of(422, 42204, c.getMessage());
        case TOPIC_NOT_FOUND -> Answer.of(404, 40401, c.getMessage());
        case PARTITION_NOT_FOUND -> Answer.of(404, 40402, c.getMessage());
        case STREAM_OPEN -> Answer.of(409, 40905, c.getMessage());
        case STATIC_MEMBER_CONFLICT -> Answer.of(409, 40906, c.getMessage());
      };
    }
    if (e instanceof AuthenticationFailure) {
      return Answer.of(401, 40101, e.getMessage());
    }
    if (e instanceof SchemaException s) {
      return s.kind() == SchemaException.Kind.REGISTRY_UNAVAILABLE
          ? Answer.of(503, 50302, s.getMessage())
          : Answer.of(422, 422, "Schema refused: " + s.getMessage());
    }
    if (e instanceof SchemasUnavailableException) {
      return Answer.of(503, 50302, e.getMessage());
    }
    if (e instanceof KeysUnavailable) {
      log.warn("Answered 503: {}", e.getMessage(), e.getCause());
      return Answer.of(503, 50302, e.getMessage());
    }
    if (e instanceof AccessDenied) {
      return Answer.of(403, 40301, e.getMessage());
    }
    if (e instanceof BadRecordException) {
      return Answer.of(422, 422, e.getMessage());
    }
    if (e instanceof UnknownTopicException u) {
      return Answer.of(404, u.isPartition() ? 40402 : 40401, u.getMessage());
    }
    if (e instanceof GroupNotFoundException) {
      return Answer.of(404, 40405, e.getMessage());
    }
    if (e instanceof UnrenderableRecordException u) {
      return new Answer(
          422, new ApiError(42207, u.getMessage(), u.topic(), u.partition(), u.offset()));
    }
    if (e instanceof JsonProcessingException j) {
      return answer(Json.refusal(j));
    }
    if (e instanceof EOFException) {
      return Answer.of(
          400,
          400,
          "The request body ended early or was badly framed; send all the bytes its"
              + " Content-Length announces, or well-formed chunks");
    }
    if (e instanceof HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
      return Answer.of(h.getCode(), h.getCode(), JettyErrors.message(h.getCode(), h.getReason()));
    }
    if (e instanceof OffsetMetadataTooLarge) {
      return Answer.of(
          422,
          422,
          "Commit metadata is longer than the Kafka cluster stores (offset.metadata.max.bytes,"
              + " 4096 by default); send shorter metadata");
    }
    if (e instanceof InvalidCommitOffsetSizeException) {
      return Answer.of(
          422, 422, "Kafka refused the commit: " + e.getMessage() + " Send shorter metadata.");
    }
    if (e instanceof AuthenticationException) {
      return Answer.of(401, 40101, "Kafka authentication failed: " + e.getMessage());
    }
    if (e instanceof AuthorizationException) {
      return Answer.of(403, 40301, "Not authorized by Kafka: " + e.getMessage());
    }
    if (e instanceof UnknownTopicOrPartitionException || e instanceof InvalidTopicException) {
      return Answer.of(404, 40401, e.getMessage());
    }
    if (e instanceof TimeoutException) {
      return Answer.of(503, 50302, "Kafka did not answer in time: " + e.getMessage());
    }
    if (e instanceof KafkaException) {
      log.warn("Kafka error answered as 50002", e);
      return Answer.of(500, 50002, "Kafka error: " + e.getMessage());
    }
    log.error("Unexpected failure answered as 500", e);
    return Answer.of(500, 500, "Internal server error");
  }

  private static String brief(String message) {
    if (message == null || message.length() <= MAX_MESSAGE_LENGTH) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
  }

  /**
   * Whether a message names the gateway's insides (Java classes, library features, a stack trace):
   * such text is for the log, never for an answer.
   */
  static boolean namesInternals(String message) {
    return INTERNALS.matcher(message).find();
  }

  private static Throwable unwrap(Throwable e) {
    Throwable current = e;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
