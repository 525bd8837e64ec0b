package io.cfmr.broker;

import picocli.CommandLine.IVersionProvider;

/** The version in the fat jar's manifest (the Maven project version), or {@code dev}. */
public final class Version implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = Version.class.getPackage().getImplementationVersion();
    return new String[] {"cfmr broker " + (version == null ? "dev" : version)};
  }
}
