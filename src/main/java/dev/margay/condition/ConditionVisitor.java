package dev.margay.condition;

/**
 * One method per node type, none defaulted, so that adding a node breaks every visitor that does
 * not handle it.
 *
 * @param <R> the result type
 */
public interface ConditionVisitor<R> {
  R visitAll(All all);

  R visitAny(Any any);

  R visitOnlyOne(OnlyOne onlyOne);

  R visitNone(None none);

  R visitAlways(Always always);

  R visitCompare(Compare compare);

  R visitCompareFields(CompareFields compareFields);

  R visitMembership(Membership membership);

  R visitCheck(Check check);

  R visitQuantified(Quantified quantified);
}
