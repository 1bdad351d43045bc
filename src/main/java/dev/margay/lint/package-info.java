/** Lint checks on loaded rules: mistakes that load fine but make a rule quietly wrong. */
package dev.margay.lint;
