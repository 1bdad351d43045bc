/**
 * Rule files to {@link dev.margay.rule.Rule}s: {@link dev.margay.loader.RuleLoader} reads Panther rule
 * YAML with SnakeYAML (safely, with YAML 1.2 scalars), collects every problem of a file with its
 * {@code file:line:column}, and builds the condition AST from YAML match expressions or compact syntax.
 * The only package that knows YAML.
 */
package dev.margay.loader;
