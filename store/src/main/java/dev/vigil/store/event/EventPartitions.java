package dev.vigil.store.event;

import dev.vigil.store.system.TenantJdbc;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DataAccessException;

/**
 * The daily partitions of {@code events} (UTC days). Created on demand, as the schema owner and
 * before the tenant transaction that writes into them; another server creating the same partition
 * at the same moment is not an error.
 */
public final class EventPartitions {

  private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd");

  private final TenantJdbc db;
  private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

  public EventPartitions(TenantJdbc db) {
    this.db = db;
  }

  public static String name(LocalDate day) {
    return "events_p" + NAME.format(day);
  }

  /** Makes sure a partition exists for every day. */
  public void ensure(Collection<LocalDate> days) {
    for (LocalDate day : days) {
      if (known.contains(day)) {
        continue;
      }
      try {
        create(day);
      } catch (DataAccessException raced) {
        // a concurrent CREATE of the same partition: it exists now, or the retry says why not
        create(day);
      }
      known.add(day);
    }
  }

  private void create(LocalDate day) {
    String from = day.atStartOfDay(ZoneOffset.UTC).toOffsetDateTime().toString();
    String to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toOffsetDateTime().toString();
    db.acrossTenants(
        j ->
            j.sql(
                    "create table if not exists "
                        + name(day)
                        + " partition of events for values from ('"
                        + from
                        + "') to ('"
                        + to
                        + "')")
                .update());
  }

  /** Forgets what this process knows of these days (another process may have dropped them). */
  public void forget(Collection<LocalDate> days) {
    known.removeAll(days);
  }

  /** Days that have a partition, oldest first. */
  public List<LocalDate> days() {
    return db.acrossTenants(
        j ->
            j
                .sql(
                    "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                        + " join pg_class p on p.oid = i.inhparent where p.relname = 'events'"
                        + " order by c.relname")
                .query(String.class)
                .list()
                .stream()
                .filter(n -> n.matches("events_p\\d{8}"))
                .map(n -> LocalDate.parse(n.substring(8), NAME))
                .toList());
  }

  /** Drops whole days before {@code before} (every tenant's retention has passed them). */
  public int dropBefore(LocalDate before) {
    int dropped = 0;
    for (LocalDate day : days()) {
      if (day.isBefore(before)) {
        db.acrossTenants(j -> j.sql("drop table if exists " + name(day)).update());
        known.remove(day);
        dropped++;
      }
    }
    return dropped;
  }
}
