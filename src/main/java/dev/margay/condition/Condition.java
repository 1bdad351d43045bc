package dev.margay.condition;

/**
 * A match expression of a Simple Detection: an immutable node of the condition AST.
 *
 * <p>Every node validates its arguments on construction, so every {@code Condition} that exists is
 * well-formed. {@link Object#toString()} prints the node in compact syntax, which {@link
 * ConditionParser#parse(String)} reads back into an equal node.
 */
public sealed interface Condition
    permits All, Any, OnlyOne, None, Always, Compare, CompareFields, Membership, Check, Quantified {

  /** Dispatches to the visitor method for this node's type. */
  <R> R accept(ConditionVisitor<R> visitor);
}
