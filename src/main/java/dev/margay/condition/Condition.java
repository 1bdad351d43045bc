package dev.margay.condition;

import java.util.List;

/**
 * A match expression of a Simple Detection: an immutable node of the condition AST.
 *
 * <p>Every node validates its arguments on construction, so every {@code Condition} that exists is
 * well-formed. {@link Object#toString()} prints the node in compact syntax, which {@link
 * ConditionParser#parse(String)} reads back into an equal node.
 */
public sealed interface Condition
    permits All, Any, OnlyOne, None, Always, Compare, CompareFields, Membership, Check, Quantified {

  /**
   * The nodes directly below this one, in order: a combinator's children, a list condition's
   * expressions (which read the list's elements, not the event), none for a leaf. For walks that
   * treat every node alike; dispatch on the node's type goes through {@link #accept}.
   */
  List<Condition> children();

  /**
   * The conditions this one is the AND of, in order: an {@link All}'s children, otherwise this
   * condition alone. A detection list is an implicit {@code All}, so these are its items.
   */
  default List<Condition> conjuncts() {
    return List.of(this);
  }

  /** Dispatches to the visitor method for this node's type. */
  <R> R accept(ConditionVisitor<R> visitor);
}
