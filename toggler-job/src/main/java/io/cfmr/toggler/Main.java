package io.cfmr.toggler;

public final class Main {
  public static void main(String[] args) {}
}
