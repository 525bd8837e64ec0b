package io.cfmr.broker.osb;

/**
 * A request the broker refuses, carrying the OSB status and error code. Thrown anywhere while
 * handling a request; {@link ErrorMapper} turns it into the response.
 */
public final class OsbException extends RuntimeException {

  private final int status;
  private final String error;

  public OsbException(int status, String error, String description) {
    super(description);
    this.status = status;
    this.error = error;
  }

  /** 400: malformed request or invalid parameters (never 422: see docs/osb.md). */
  public static OsbException badRequest(String description) {
    return new OsbException(400, "BadRequest", description);
  }

  /** 409: the id exists with different attributes, or a resource is taken. */
  public static OsbException conflict(String description) {
    return new OsbException(409, "Conflict", description);
  }

  public static OsbException notFound(String description) {
    return new OsbException(404, "NotFound", description);
  }

  /** 422 RequiresApp: the Cloud Controller knows this code and shows the description. */
  public static OsbException requiresApp(String description) {
    return new OsbException(422, "RequiresApp", description);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  public String description() {
    return getMessage();
  }
}
