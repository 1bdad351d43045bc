/**
 * Rule files to {@link dev.margay.rule.Rule}s: {@link dev.margay.loader.RuleLoader} routes each
 * file by its {@code AnalysisType} ({@link dev.margay.loader.AnalysisKind}), reads Panther rule
 * YAML with SnakeYAML Engine as Panther's loader (ruamel.yaml, YAML 1.2) reads it, safely and
 * within limits, collects every problem of a file with its {@code file:line:column}, and builds the
 * condition AST from YAML match expressions or compact syntax. The only package that knows YAML.
 */
package dev.margay.loader;
