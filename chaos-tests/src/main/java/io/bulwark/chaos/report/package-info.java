/**
 * Per-run reports: {@link io.bulwark.chaos.report.ReportWriter} writes the history, the verdicts
 * (with each violation's operations, the smallest failing sub-history for linearizability) and a
 * self-contained HTML page — a timeline of operations and fault windows and a latency plot, as
 * inline SVG with no external assets — under {@code target/chaos/<run>/}.
 */
package io.bulwark.chaos.report;
