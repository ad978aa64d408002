package io.sluice.producer;

/**
 * What became of one record of a produce request: where Kafka stored it, or why it refused it.
 *
 * @param errorCode with {@code error}: 422 for a record Kafka refuses as it is (too large, …),
 *     50302 when Kafka did not acknowledge in time, 50002 for another Kafka error
 */
public record Produced(int partition, long offset, Integer errorCode, String error) {

  static Produced stored(int partition, long offset) {
    return new Produced(partition, offset, null, null);
  }

  static Produced refused(int errorCode, String error) {
    return new Produced(-1, -1, errorCode, error);
  }

  public boolean ok() {
    return errorCode == null;
  }
}
