package dev.margay.condition;

/**
 * A visitor for walks that act at the leaves: the combinators ({@link All}, {@link Any}, {@link
 * OnlyOne}, {@link None}) visit their children in order, and every leaf stays abstract, so that a
 * new leaf type still breaks every walk that does not handle it. A walk that treats a combinator
 * differently (a {@code None} that flips a polarity) overrides its method. Stateless itself; a
 * walk's thread safety is its implementation's.
 */
public interface ConditionWalker extends ConditionVisitor<Void> {
  /** Visits the node's {@link Condition#children()} in order with this walker. */
  default Void walkChildren(Condition condition) {
    condition.children().forEach(child -> child.accept(this));
    return null;
  }

  @Override
  default Void visitAll(All all) {
    return walkChildren(all);
  }

  @Override
  default Void visitAny(Any any) {
    return walkChildren(any);
  }

  @Override
  default Void visitOnlyOne(OnlyOne onlyOne) {
    return walkChildren(onlyOne);
  }

  @Override
  default Void visitNone(None none) {
    return walkChildren(none);
  }
}
