package io.cfmr.broker.kube;

import io.cfmr.schedule.AppGuid;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * Every Kubernetes name the broker uses, in one place, each checked against the rule a real API
 * server applies (the CRUD mock in the tests applies none).
 *
 * <p>OSB instance and binding ids may be any string, so names derived from them use a hash of the
 * id, never the id itself.
 */
public final class Names {

  /** A CronJob's name becomes its Jobs' names plus an 11-character suffix: 63 - 11. */
  public static final int CRONJOB_NAME_MAX = 52;

  public static final int DNS_LABEL_MAX = 63;

  /** The Role and RoleBinding that let the toggler read its credentials secret. */
  public static final String TOGGLER_ROLE = "cfmr-toggler";

  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final int RECORD_HASH_CHARS = 40;
  private static final int SHORT_ID_CHARS = 8;

  private Names() {}

  public static String appStartCronJob(AppGuid app) {
    return cronJobName("cfmr-appstart-" + app.value());
  }

  public static String appStopCronJob(AppGuid app) {
    return cronJobName("cfmr-appstop-" + app.value());
  }

  /** The daemon-mode ConfigMap holding an app's {@code schedule.json}. */
  public static String scheduleConfigMap(AppGuid app) {
    return dns1123Label("cfmr-schedule-" + app.value());
  }

  /** The ConfigMap claiming an app for one binding: one schedule per app. */
  public static String appClaim(AppGuid app) {
    return dns1123Label("cfmr-app-" + app.value());
  }

  /** The ConfigMap holding one service instance's OSB record. */
  public static String instanceRecord(String instanceId) {
    return dns1123Label("cfmr-osb-instance-" + hash(instanceId).substring(0, RECORD_HASH_CHARS));
  }

  /** The ConfigMap holding one binding's OSB record. Binding ids are globally unique in OSB. */
  public static String bindingRecord(String bindingId) {
    return dns1123Label("cfmr-osb-binding-" + hash(bindingId).substring(0, RECORD_HASH_CHARS));
  }

  /**
   * A label value standing for an OSB id (which may be any string): lower-case hex, 40 chars, so
   * objects of one binding or instance can be selected by label.
   */
  public static String idLabel(String osbId) {
    return hash(osbId).substring(0, RECORD_HASH_CHARS);
  }

  /**
   * {@code c2c-XXXXXXXX-destination}: XXXXXXXX is 8 lower-case base-36 characters of the SHA-256 of
   * the instance id, so each instance gets its own policy. A destination name too long for the
   * 63-character limit is cut from the end (and a trailing '-' dropped); the 8 characters keep the
   * name unique per instance.
   */
  public static String networkPolicy(String instanceId, String destinationAppName) {
    String prefix = "c2c-" + shortId(instanceId) + "-";
    String rest = destinationAppName;
    if (prefix.length() + rest.length() > DNS_LABEL_MAX) {
      rest = rest.substring(0, DNS_LABEL_MAX - prefix.length()).replaceAll("-+$", "");
    }
    return dns1123Label(prefix + rest);
  }

  /** The c2c Service is named after the destination app, which must be a DNS-1035 label. */
  public static String c2cService(String destinationAppName) {
    if (!isDns1035Label(destinationAppName)) {
      throw new IllegalArgumentException("not a DNS-1035 label: " + destinationAppName);
    }
    return destinationAppName;
  }

  public static boolean isDns1035Label(String text) {
    return text != null && text.length() <= DNS_LABEL_MAX && DNS_1035_LABEL.matcher(text).matches();
  }

  public static boolean isDns1123Label(String text) {
    return text != null && text.length() <= DNS_LABEL_MAX && DNS_1123_LABEL.matcher(text).matches();
  }

  static String shortId(String instanceId) {
    String base36 = new BigInteger(1, sha256(instanceId)).toString(Character.MAX_RADIX);
    return base36.substring(0, SHORT_ID_CHARS);
  }

  private static String cronJobName(String name) {
    if (name.length() > CRONJOB_NAME_MAX) {
      throw new IllegalStateException("CronJob name longer than 52 characters: " + name);
    }
    return dns1123Label(name);
  }

  private static String dns1123Label(String name) {
    if (!isDns1123Label(name)) {
      throw new IllegalStateException("not a DNS-1123 label: " + name);
    }
    return name;
  }

  private static String hash(String text) {
    return String.format("%064x", new BigInteger(1, sha256(text)));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
