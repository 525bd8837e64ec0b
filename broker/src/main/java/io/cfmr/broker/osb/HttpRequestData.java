package io.cfmr.broker.osb;

import java.util.Map;

/**
 * One HTTP request as the router sees it, independent of the server library.
 *
 * @param headers header names in lower case
 */
public record HttpRequestData(
    String method,
    String path,
    Map<String, String> query,
    Map<String, String> headers,
    byte[] body) {

  public HttpRequestData {
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
    body = body.clone();
  }

  public String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }
}
