package dev.vigil.activities.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.activities.notify.NotificationActivitiesImpl;
import dev.vigil.workflows.incident.IncidentNotice;
import dev.vigil.workflows.incident.TimelineEntry;
import dev.vigil.workflows.notify.Notification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The incident producers of notifications: the projection hands an incident's opening to the
 * tenant's routes as {@code incident.opened} (once its row is committed; a retry is the same
 * notification), and an SLA breach notice becomes {@code incident.sla_breached}, each rung its own.
 */
class IncidentNoticesIT {

  static final String INCIDENT = "22222222-3333-4444-5555-666666666666";
  static final com.zaxxer.hikari.HikariDataSource db = dev.vigil.store.system.TestDatabase.fresh();

  @org.junit.jupiter.api.AfterAll
  static void close() {
    db.close();
  }

  @Test
  void anOpeningIsAnIncidentOpenedNotificationWithItsSeverityAndARetryIsTheSameOne() {
    List<Notification> sent = new ArrayList<>();
    IncidentActivitiesImpl incidents =
        new IncidentActivitiesImpl(
            db,
            new NotificationActivitiesImpl(null),
            dev.vigil.workflows.system.VigilMeters.discard(),
            sent::add);
    var opened =
        IncidentMetricsIT.change(
            INCIDENT,
            1,
            List.of(
                new TimelineEntry(
                    1, "2026-12-01T10:01:00Z", "vigil", "opened", "Opened", Map.of())));
    incidents.project(opened);
    incidents.project(opened); // the local activity retried after a lost answer
    // a later change of the same incident is no opening
    incidents.project(
        IncidentMetricsIT.change(
            INCIDENT,
            2,
            List.of(
                new TimelineEntry(
                    2, "2026-12-01T10:02:00Z", "ana", "comment", "Looking", Map.of()))));

    assertThat(sent).hasSize(2);
    assertThat(sent.get(0)).isEqualTo(sent.get(1));
    Notification n = sent.get(0);
    assertThat(n.event()).isEqualTo(Notification.INCIDENT_OPENED);
    assertThat(n.key()).isEqualTo("incident.opened/" + INCIDENT);
    assertThat(n.tenant()).isEqualTo("default");
    assertThat(n.severity()).as("routes filter on it").isEqualTo("high");
    assertThat(n.title()).isEqualTo("Incident opened (high): Brute force");
    assertThat(n.link()).isEqualTo("/incidents/" + INCIDENT);
    assertThat(n.fields())
        .containsEntry("Severity", "high")
        .containsEntry("Status", "new")
        .containsEntry("Opened by", "vigil")
        .containsEntry("Incident", INCIDENT);
    assertThat(n.approval()).isNull();
    assertThat(new dev.vigil.store.incident.IncidentReads(db).get("default", INCIDENT))
        .as("the row was committed before the notification went out")
        .isPresent();
  }

  @Test
  void anSlaBreachIsAnIncidentSlaBreachedNotificationAndEachBreachIsItsOwn() {
    List<Notification> sent = new ArrayList<>();
    NotificationActivitiesImpl notifications = new NotificationActivitiesImpl(null, sent::add);
    IncidentNotice ack =
        new IncidentNotice(
            "acme",
            INCIDENT,
            "incident.sla_breach",
            "Brute force",
            "critical",
            List.of("role:soc-lead"),
            "Nobody acknowledged it within 10m");
    IncidentNotice resolve =
        new IncidentNotice(
            "acme",
            INCIDENT,
            "incident.sla_breach",
            "Brute force",
            "critical",
            List.of(),
            "Not resolved within 4h");
    notifications.incident(ack);
    notifications.incident(ack); // a retry
    notifications.incident(resolve);

    assertThat(sent).hasSize(3);
    assertThat(sent).allMatch(x -> x.event().equals(Notification.INCIDENT_SLA_BREACHED));
    assertThat(sent.get(0).key())
        .isEqualTo(sent.get(1).key())
        .startsWith("incident.sla_breached/" + INCIDENT + "/");
    assertThat(sent.get(2).key()).isNotEqualTo(sent.get(0).key());
    Notification n = sent.get(0);
    assertThat(n.tenant()).isEqualTo("acme");
    assertThat(n.severity()).isEqualTo("critical");
    assertThat(n.title()).isEqualTo("SLA breached: Brute force");
    assertThat(n.text()).isEqualTo("Nobody acknowledged it within 10m");
    assertThat(n.link()).isEqualTo("/incidents/" + INCIDENT);
    assertThat(n.fields()).containsEntry("For", "role:soc-lead");
    assertThat(sent.get(2).fields()).doesNotContainKey("For");
  }
}
