package io.sluice.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The error envelope of every failed request; a record that cannot be rendered (42207) also names
 * its position, so that a client can seek past it without parsing the message.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApiError(
    @JsonProperty("error_code") int errorCode,
    String message,
    String topic,
    Integer partition,
    Long offset) {

  ApiError(int errorCode, String message) {
    this(errorCode, message, null, null, null);
  }
}
