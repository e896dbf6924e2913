package dev.vigil.api.event;

import dev.vigil.api.billing.Entitlements;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.ApiProperties;
import dev.vigil.api.system.RateLimiter;
import dev.vigil.detections.event.Event;
import dev.vigil.detections.format.EventFormat;
import dev.vigil.detections.format.Formats;
import dev.vigil.detections.format.ParseContext;
import dev.vigil.detections.format.RecordException;
import dev.vigil.playbook.json.Json;
import dev.vigil.store.billing.UsageCounters;
import dev.vigil.store.event.EventWriter;
import dev.vigil.store.event.IngestReceipt;
import dev.vigil.workflows.system.VigilMeters;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;

/**
 * {@code POST /api/v1/events}: reads the body as it streams in, parses each record with the
 * source's format, and commits the accepted events as one batch before answering. A bad record is
 * reported (its index, a JSON Pointer into it, why) and never stops the good ones.
 */
@Service
public class Ingest {

  private static final Logger log = LoggerFactory.getLogger(Ingest.class);

  /** Errors listed in one answer; {@code rejected} still counts them all. */
  static final int MAX_ERRORS = 100;

  /** Events older than this are refused: each day is a partition, and retention would drop it. */
  static final Duration MAX_AGE = Duration.ofDays(5 * 366);

  /** Days one batch may write into (a guard against a batch creating a partition per record). */
  static final int MAX_DAYS = 400;

  private final EventWriter writer;
  private final RateLimiter limiter;
  private final VigilMeters meters;

  private final Entitlements entitlements;

  public Ingest(
      EventWriter writer,
      ApiProperties props,
      io.micrometer.core.instrument.MeterRegistry metrics,
      Entitlements entitlements) {
    this.writer = writer;
    this.entitlements = entitlements;
    this.meters = new VigilMeters(metrics);
    this.limiter =
        new RateLimiter(
            "ingest requests for this tenant",
            props.ingestRequestsPerMinute(),
            Duration.ofMinutes(1));
  }

  /** The answer of an ingest request. */
  public record IngestView(int accepted, int rejected, List<RecordError> errors) {}

  /** One rejected record: its position in the body, where inside it, and why. */
  public record RecordError(int index, String pointer, String message) {}

  /** The committed answer and whether it is a replay of an earlier request with the same key. */
  public record Answer(String json, boolean replayed) {}

  /** The query parameters of an ingest request. */
  public record Source(String format, String year, String timezone) {}

  public Answer ingest(
      Actor actor, Source source, MediaType contentType, String idempotencyKey, InputStream body) {
    EventFormat format = format(source.format());
    ParseContext context = context(source);
    if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
      throw ApiException.invalid(
          "/Idempotency-Key", "the Idempotency-Key header must be 1 to 200 characters");
    }
    IngestRecords records = records(format, contentType, body);
    limiter.acquire(actor.tenant());
    Instant now = context.now();
    List<Event> accepted = new ArrayList<>();
    List<RecordError> errors = new ArrayList<>();
    int rejected = 0;
    Set<LocalDate> days = new HashSet<>();
    try {
      for (IngestRecords.Item item = records.next(); item != null; item = records.next()) {
        if (item instanceof IngestRecords.Bad bad) {
          rejected++;
          add(errors, new RecordError(bad.index(), "", bad.message()));
          continue;
        }
        IngestRecords.Good good = (IngestRecords.Good) item;
        try {
          List<Event> events = format.parse(good.record(), context);
          for (Event e : events) {
            check(e, now, days);
          }
          for (Event e : events) {
            accepted.add(e.identified(UUID.randomUUID().toString(), actor.tenant(), now));
          }
        } catch (RecordException e) {
          rejected++;
          add(errors, new RecordError(good.index(), e.pointer(), e.getMessage()));
        } catch (RuntimeException e) {
          // A parser defect must not cost the batch its good records; it is logged to be fixed.
          log.warn("{} parser failed on record {}", format.name(), good.index(), e);
          rejected++;
          add(
              errors,
              new RecordError(good.index(), "", "this record could not be parsed (parser error)"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the request body failed", e);
    }
    IngestView view = new IngestView(accepted.size(), rejected, errors);
    // the plan's events per day, checked in the writing transaction (a replayed key answers as
    // before): a batch that would pass it is refused whole, nothing stored
    Long perDay = entitlements.max(actor.tenant(), "eventsPerDay");
    IngestReceipt receipt;
    try {
      receipt =
          writer.append(
              actor.tenant(),
              actor.user(),
              format.name(),
              accepted,
              rejected,
              idempotencyKey,
              Json.write(view),
              j ->
                  UsageCounters.requireWithin(
                      j, actor.tenant(), UsageCounters.EVENTS, accepted.size(), perDay));
    } catch (UsageCounters.LimitReached e) {
      throw entitlements.reached(actor.tenant(), "eventsPerDay", e);
    }
    if (!receipt.replayed()) {
      meters.eventsIngested(format.name(), accepted.size());
      meters.eventsRejected(format.name(), rejected);
    }
    return new Answer(receipt.response(), receipt.replayed());
  }

  private static void add(List<RecordError> errors, RecordError e) {
    if (errors.size() < MAX_ERRORS) {
      errors.add(e);
    }
  }

  /** Times the store can keep: not in the future, not older than retention could ever keep. */
  private static void check(Event e, Instant now, Set<LocalDate> days) {
    if (e.time().isAfter(now.plus(1, ChronoUnit.DAYS))) {
      throw new RecordException("", "the event time " + e.time() + " is more than a day ahead");
    }
    if (e.time().isBefore(now.minus(MAX_AGE))) {
      throw new RecordException("", "the event time " + e.time() + " is more than 5 years ago");
    }
    LocalDate day = LocalDate.ofInstant(e.time(), ZoneOffset.UTC);
    if (!days.contains(day) && days.size() >= MAX_DAYS) {
      throw new RecordException(
          "", "the batch spans more than " + MAX_DAYS + " days; send older events separately");
    }
    days.add(day);
  }

  private static EventFormat format(String name) {
    if (name == null || name.isBlank()) {
      throw ApiException.invalid("/source", "source is required: one of " + Formats.names());
    }
    return Formats.byName(name)
        .orElseThrow(
            () ->
                ApiException.invalid(
                    "/source", "unknown source '" + name + "'; use one of " + Formats.names()));
  }

  private static ParseContext context(Source s) {
    Integer year = null;
    if (s.year() != null) {
      try {
        year = Integer.parseInt(s.year());
      } catch (NumberFormatException e) {
        year = -1;
      }
      if (year < 1970 || year > 9999) {
        throw ApiException.invalid("/year", "year must be a number between 1970 and 9999");
      }
    }
    ZoneId zone = ZoneOffset.UTC;
    if (s.timezone() != null) {
      try {
        zone = ZoneId.of(s.timezone());
      } catch (DateTimeException e) {
        throw ApiException.invalid(
            "/timezone",
            "'" + s.timezone() + "' is not a timezone; use an IANA name such as Europe/Paris");
      }
    }
    return new ParseContext(year, zone, Instant.now());
  }

  private static IngestRecords records(EventFormat format, MediaType type, InputStream body) {
    try {
      if (type == null) {
        throw unsupported(format);
      }
      if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
        return IngestRecords.json(body);
      }
      if (type.isCompatibleWith(NDJSON)) {
        return IngestRecords.ndjson(body);
      }
      if (type.isCompatibleWith(MediaType.TEXT_PLAIN) && format.lineFormat()) {
        return IngestRecords.text(body);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw unsupported(format);
  }

  static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

  private static ApiException unsupported(EventFormat format) {
    return new ApiException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
        "send application/json (an array of records), application/x-ndjson"
            + (format.lineFormat() ? " or text/plain (one line a record)" : "")
            + " for source "
            + format.name(),
        null);
  }
}
