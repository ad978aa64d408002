package io.sluice.http;

/** A request the HTTP layer refuses before it reaches a consumer: bad body, media type, Accept. */
final class RequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final int errorCode;

  RequestException(int status, int errorCode, String message) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  static RequestException invalid(String message) {
    return new RequestException(422, 422, message);
  }

  int status() {
    return status;
  }

  int errorCode() {
    return errorCode;
  }
}
