package dev.vigil.detections.engine;

import dev.vigil.detections.rule.DetectionRule.OutsideHours;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** Whether an event time falls outside working hours, in the rule's or the tenant's timezone. */
final class OutsideHoursCheck {

  private OutsideHoursCheck() {}

  /**
   * {@code from}–{@code to} is the outside range, start inclusive, end exclusive; it wraps over
   * midnight when {@code from} is later than {@code to} (22:00–06:00). Listed days are outside all
   * day.
   */
  static boolean outside(OutsideHours h, Instant time, ZoneId tenantZone) {
    ZonedDateTime local = time.atZone(h.zone() != null ? h.zone() : tenantZone);
    if (h.days().contains(local.getDayOfWeek())) {
      return true;
    }
    LocalTime t = local.toLocalTime();
    if (h.from().isBefore(h.to())) {
      return !t.isBefore(h.from()) && t.isBefore(h.to());
    }
    return !t.isBefore(h.from()) || t.isBefore(h.to());
  }
}
