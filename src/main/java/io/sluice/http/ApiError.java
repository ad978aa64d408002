package io.sluice.http;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The error envelope of every failed request. */
record ApiError(@JsonProperty("error_code") int errorCode, String message) {}
