package dev.margay.condition;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A match expression without a value: existence, null/empty and IP-address checks. */
public record Check(Field field, Kind kind) implements Condition {

  /** The value-less conditions, with their Panther names and compact-syntax words. */
  public enum Kind {
    IS_NULL("IsNull", "is_null"),
    IS_NOT_NULL("IsNotNull", "is_not_null"),
    EXISTS("Exists", "exists"),
    DOES_NOT_EXIST("DoesNotExist", "does_not_exist"),
    IS_NULL_OR_EMPTY("IsNullOrEmpty", "is_null_or_empty"),
    IS_NOT_NULL_OR_EMPTY("IsNotNullOrEmpty", "is_not_null_or_empty"),
    IS_IP_ADDRESS("IsIPAddress", "is_ip_address"),
    IS_IPV4_ADDRESS("IsIPv4Address", "is_ipv4_address"),
    IS_IPV6_ADDRESS("IsIPv6Address", "is_ipv6_address"),
    IS_IP_ADDRESS_PUBLIC("IsIPAddressPublic", "is_ip_address_public"),
    IS_IP_ADDRESS_PRIVATE("IsIPAddressPrivate", "is_ip_address_private");

    private static final Keywords<Kind> PANTHER_NAMES =
        new Keywords<>(values(), k -> List.of(k.pantherName));
    private static final Keywords<Kind> WORDS = new Keywords<>(values(), k -> List.of(k.word));

    private final String pantherName;
    private final String word;

    Kind(String pantherName, String word) {
      this.pantherName = pantherName;
      this.word = word;
    }

    public String pantherName() {
      return pantherName;
    }

    public String word() {
      return word;
    }

    /** Looks up a {@code Condition:} name (exact spelling). */
    public static Optional<Kind> fromPantherName(String name) {
      return PANTHER_NAMES.find(name);
    }

    /** Looks up a compact-syntax word. */
    public static Optional<Kind> fromWord(String word) {
      return WORDS.find(word);
    }
  }

  public Check {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(kind, "kind");
  }

  /** None: a leaf. */
  @Override
  public List<Condition> children() {
    return List.of();
  }

  @Override
  public <R> R accept(ConditionVisitor<R> visitor) {
    return visitor.visitCheck(this);
  }

  @Override
  public String toString() {
    return ConditionPrinter.print(this);
  }
}
