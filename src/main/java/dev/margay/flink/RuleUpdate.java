package dev.margay.flink;

import dev.margay.loader.RuleBundle;
import java.util.Objects;

/**
 * A new rule set for a running job, as a broadcast record: the bundle's {@link
 * RuleBundle#toBytes()} and its hash. Immutable (the bytes are copied in and out); Flink serializes
 * it as a POJO.
 *
 * @param sha256 {@link RuleBundle#sha256()} of the bundle
 * @param bundle {@link RuleBundle#toBytes()}
 */
public record RuleUpdate(String sha256, byte[] bundle) {
  public RuleUpdate {
    Objects.requireNonNull(sha256, "sha256");
    bundle = bundle.clone();
  }

  /** The update carrying {@code rules}. */
  public static RuleUpdate of(RuleBundle rules) {
    return new RuleUpdate(rules.sha256(), rules.toBytes());
  }

  /** The bundle read back (its hash is recomputed, not trusted). */
  public RuleBundle rules() {
    return RuleBundle.fromBundleBytes(bundle);
  }

  @Override
  public byte[] bundle() {
    return bundle.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RuleUpdate u
        && sha256.equals(u.sha256)
        && java.util.Arrays.equals(bundle, u.bundle);
  }

  @Override
  public int hashCode() {
    return sha256.hashCode();
  }

  @Override
  public String toString() {
    return "RuleUpdate[" + sha256 + ", " + bundle.length + " bytes]";
  }
}
