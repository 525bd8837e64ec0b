package io.cfmr.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * How the three programs meet bad usage: one line on standard error, {@code <program>: <what was
 * wrong> (see --help)}, and exit code 2.
 */
public final class Cli {

  /** Bad usage or configuration. */
  public static final int USAGE = 2;

  /** A bug: what broke is in the log, with its stack trace. */
  public static final int SOFTWARE = CommandLine.ExitCode.SOFTWARE;

  private Cli() {}

  /** A picocli command line for {@code command} that reports bad usage the kit's way. */
  public static CommandLine commandLine(Object command) {
    return new CommandLine(command).setParameterExceptionHandler(Cli::usageError);
  }

  /**
   * Writes the usage-error line and returns {@link #USAGE}.
   *
   * @param program the program (or subcommand, e.g. {@code toggler-job start}) whose help explains
   */
  public static int usageError(PrintWriter err, String program, String problem) {
    err.println(program + ": " + oneLine(problem) + " (see --help)");
    err.flush();
    return USAGE;
  }

  /** A message on one line: line breaks and the blanks around them become one space. */
  public static String oneLine(String message) {
    return message == null ? "failed" : message.replaceAll("\\s*\\R\\s*", " ").trim();
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    return usageError(command.getErr(), command.getCommandSpec().qualifiedName(), e.getMessage());
  }
}
