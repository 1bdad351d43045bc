/**
 * Evaluation: {@link dev.margay.engine.RuleEngine} compiles rules once into ready-to-run matchers
 * and evaluates events into {@link dev.margay.engine.Match}es. Never depends on YAML: rules may
 * come from code as well as from files.
 */
package dev.margay.engine;
