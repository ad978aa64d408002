package io.sluice.producer;

/** A record of a produce request that cannot be sent as it is; nothing of the request was sent. */
public final class BadRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadRecordException(int index, String problem) {
    super("records[" + index + "]: " + problem + "; nothing of this request was sent");
  }

  BadRecordException(String problem) {
    super(problem);
  }
}
