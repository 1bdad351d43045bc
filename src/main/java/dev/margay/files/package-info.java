/**
 * Walking rule and event folders: one walker that reports what it cannot read and counts what it
 * skips. JDK only, at the bottom of the package graph, so that both the rule loader and the CLI use
 * it.
 */
package dev.margay.files;
