package io.sluice.consumer;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.GroupMaxSizeReachedException;
import org.apache.kafka.common.errors.InconsistentGroupProtocolException;
import org.apache.kafka.common.errors.InvalidSessionTimeoutException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;
import org.apache.kafka.common.errors.UnsupportedAssignorException;

/**
 * Kafka consumer failures a client caused (its settings, its positions, its group) as the {@link
 * ConsumerException} that tells it what to do; everything else passes through unchanged.
 */
final class KafkaErrors {
  private KafkaErrors() {}

  static RuntimeException translate(RuntimeException e) {
    if (e instanceof CommitFailedException || e instanceof RebalanceInProgressException) {
      return new ConsumerException(
          ConsumerException.Kind.COMMIT_REJECTED,
          "Commit rejected: the group rebalanced and these partitions may have moved to another"
              + " member; fetch again and commit what you receive then ("
              + e.getMessage()
              + ")");
    }
    if (e instanceof FencedInstanceIdException || e instanceof UnreleasedInstanceIdException) {
      return new ConsumerException(
          ConsumerException.Kind.STATIC_MEMBER_CONFLICT,
          "This consumer instance was fenced: another member joined its group with the same"
              + " group.instance.id (another gateway or Kafka client). It no longer receives"
              + " records or commits; delete it, and create it again once the other member is"
              + " gone");
    }
    if (e instanceof InvalidSessionTimeoutException
        || e instanceof UnsupportedAssignorException
        || e instanceof InconsistentGroupProtocolException) {
      return new ConsumerException(
          ConsumerException.Kind.INVALID_CONFIG,
          "Kafka refused this instance's group settings: "
              + e.getMessage()
              + " It no longer consumes; delete it and create it with settings the broker and the"
              + " group's other members accept (session.timeout.ms within the broker's"
              + " group.min/max.session.timeout.ms, a partition.assignment.strategy the other"
              + " members share)");
    }
    if (e instanceof GroupMaxSizeReachedException) {
      return new ConsumerException(
          ConsumerException.Kind.TOO_MANY_INSTANCES,
          "The group is full (the broker's group.max.size): " + e.getMessage());
    }
    if (e instanceof InvalidOffsetException invalid) {
      return new ConsumerException(
          ConsumerException.Kind.ILLEGAL_STATE,
          "No valid position for partitions "
              + invalid.partitions()
              + " and auto.offset.reset is none ("
              + e.getMessage()
              + "). Seek with POST …/positions, …/positions/beginning or …/positions/end, or"
              + " create the instance with auto.offset.reset earliest or latest");
    }
    if (e instanceof IllegalStateException) {
      return new ConsumerException(ConsumerException.Kind.ILLEGAL_STATE, e.getMessage());
    }
    return e;
  }

  /** Whether polling again cannot help: the member must stop and its client must learn why. */
  static boolean endsMembership(RuntimeException e) {
    return e instanceof FencedInstanceIdException
        || e instanceof UnreleasedInstanceIdException
        || e instanceof InvalidSessionTimeoutException
        || e instanceof UnsupportedAssignorException
        || e instanceof InconsistentGroupProtocolException
        || e instanceof GroupMaxSizeReachedException;
  }
}
