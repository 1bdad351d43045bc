/**
 * What a rule file says, after loading: {@link dev.margay.rule.Rule} and the values it is made of,
 * and {@link dev.margay.rule.CorrelationRule} with its {@link dev.margay.rule.CorrelationTest}s.
 * Plain immutable records; rules can be built in code as well as loaded from YAML.
 */
package dev.margay.rule;
