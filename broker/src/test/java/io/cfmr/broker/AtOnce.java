package io.cfmr.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Races: calls made all at once, one thread each. */
public final class AtOnce {

  private AtOnce() {}

  /** The calls' answers in their order, the calls made all at once. */
  public static <T> List<T> run(List<Callable<T>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    try {
      List<T> answers = new ArrayList<>();
      for (Future<T> f : pool.invokeAll(calls)) {
        answers.add(f.get());
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }
}
