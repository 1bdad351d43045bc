/**
 * The detection language as data: an immutable {@link dev.margay.condition.Condition} AST covering
 * Panther's Simple Detections, field paths, literals, and the compact condition syntax ({@link
 * dev.margay.condition.ConditionParser}). Depends on the JDK only.
 */
package dev.margay.condition;
