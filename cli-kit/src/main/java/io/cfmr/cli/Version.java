package io.cfmr.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version} of every program: {@code <program> <version>}, the version being the one the
 * fat jar's manifest carries (set from the Maven project version at build time).
 */
public final class Version implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {"${ROOT-COMMAND-NAME} " + of(Version.class)};
  }

  /** The {@code Implementation-Version} of the jar that holds {@code type}, or {@code dev}. */
  public static String of(Class<?> type) {
    String version = type.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
