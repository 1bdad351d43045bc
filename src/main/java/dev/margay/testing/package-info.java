/**
 * Replays the {@code Tests:} embedded in rule files ({@link dev.margay.testing.TestReplay}); the
 * {@code junit} subpackage turns them into JUnit 5 dynamic tests.
 */
package dev.margay.testing;
