package dev.margay.flink;

/**
 * What a detect subtask did with a rule set, on the {@link MargayPipeline#RULES_APPLIED} side
 * output: one record per subtask per rule set it received (at start and for each {@link
 * RuleUpdate}), so a job can see which rule-set version is live where.
 *
 * @param sha256 the rule set's {@code RuleBundle.sha256()}
 * @param subtask the detect subtask's index
 * @param rules rules in the set that loaded
 * @param accepted whether the subtask now evaluates with this set; an update with any file that
 *     does not load is refused whole and the previous set stays
 * @param problems the load problems, one per line ({@code file:line:column: message}), or empty
 */
public record RulesApplied(
    String sha256, int subtask, int rules, boolean accepted, String problems) {}
