package dev.vigil.workflows.incident;

import java.util.Map;

/**
 * One line of an incident's timeline: who did what, when.
 *
 * @param seq sequence number within the incident, from 1
 * @param at ISO-8601 instant
 * @param actor user id, {@code run:<runId>} or {@code vigil}
 * @param kind what happened ({@code opened}, {@code alert_attached}, {@code status}, {@code
 *     comment}, {@code sla_breach} …)
 * @param summary one line for people
 * @param data details (the comment's body, the old and new status …)
 */
public record TimelineEntry(
    long seq, String at, String actor, String kind, String summary, Map<String, Object> data) {

  public TimelineEntry {
    data = data == null ? Map.of() : dev.vigil.playbook.json.Json.normalizeMap(data);
  }
}
