package dev.vigil.store.detection;

/**
 * What analysts said about a rule's alerts.
 *
 * @param falsePositiveRate false positives among the alerts with a verdict, 0 when none has one
 */
public record RuleAlertStats(
    String ruleKey, long alerts, long withVerdict, long falsePositives, double falsePositiveRate) {}
