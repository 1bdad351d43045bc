/**
 * Replays the {@code Tests:} embedded in rule files ({@link dev.margay.testing.TestReplay}) and in
 * correlation rules, from their {@code RuleOutputs} ({@link dev.margay.testing.CorrelationReplay});
 * the {@code junit} subpackage turns them into JUnit 5 dynamic tests.
 */
package dev.margay.testing;
