package io.sluice.format;

/**
 * The schema registry did not answer (or answered with a server error): the record is fine and
 * renders once the registry answers again, so it stays where it is. The message names the
 * registry's address, never its credentials.
 */
public final class SchemasUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SchemasUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
