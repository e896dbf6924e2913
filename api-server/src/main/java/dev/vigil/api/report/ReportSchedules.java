package dev.vigil.api.report;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.ScheduleRequests;
import dev.vigil.store.connection.ConnectionRepository;
import dev.vigil.store.report.ReportScheduleRepository;
import dev.vigil.store.report.ReportScheduleRepository.NewSchedule;
import dev.vigil.store.report.ReportScheduleRepository.Schedule;
import dev.vigil.workflows.report.ReportSchedule;
import dev.vigil.workflows.report.ReportScheduleWorkflow;
import dev.vigil.workflows.system.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Report schedules ({@code /api/v1/report-schedules}): a period report (executive summary, audit)
 * in a format, on a cron or an interval, e-mailed through one of the tenant's {@code smtp}
 * connections to a list. Checked (the caller must be able to read what the report shows), stored,
 * and run by one {@link ReportScheduleWorkflow} each; pausing, resuming, running now and deleting
 * signal it. Every change is audited.
 */
@Service
public class ReportSchedules {

  /** A plausible address; the SMTP server has the last word. */
  private static final Pattern ADDRESS = Pattern.compile("^[^@\\s,<>]+@[^@\\s,<>]+\\.[^@\\s,<>]+$");

  static final int MAX_RECIPIENTS = 50;

  private final ReportScheduleRepository schedules;
  private final ConnectionRepository connections;
  private final WorkflowClient temporal;
  private final Audit audit;

  public ReportSchedules(
      ReportScheduleRepository schedules,
      ConnectionRepository connections,
      WorkflowClient temporal,
      Audit audit) {
    this.schedules = schedules;
    this.connections = connections;
    this.temporal = temporal;
    this.audit = audit;
  }

  /**
   * {@code POST /api/v1/report-schedules}: {@code cron} (with {@code timezone}) or {@code every}.
   */
  public record CreateSchedule(
      String name,
      String type,
      String format,
      String period,
      String connection,
      List<String> to,
      String cron,
      String every,
      String timezone) {}

  /** {@code PATCH /api/v1/report-schedules/{name}}. */
  public record ChangeSchedule(Boolean paused) {}

  public Schedule create(Actor actor, CreateSchedule b) {
    if (b == null) {
      throw ApiException.invalid(
          "", "the body must be {name, type, period, connection, to, cron|every}");
    }
    List<ApiException.FieldError> errors = new ArrayList<>();
    if (b.name() == null || !b.name().matches("^[a-z0-9][a-z0-9-]{0,62}$")) {
      errors.add(
          new ApiException.FieldError(
              "/name", "a name of lower-case letters, digits and dashes", "e.g. weekly-summary"));
    }
    if (!ReportSchedule.TYPES.contains(String.valueOf(b.type()))) {
      errors.add(
          new ApiException.FieldError(
              "/type",
              "a schedule sends a report of a period: " + ReportSchedule.TYPES,
              "scan and incident reports are asked for one by one"));
    }
    String format = b.format() == null ? "pdf" : b.format();
    if (!Reports.FORMATS.contains(format)) {
      errors.add(new ApiException.FieldError("/format", "format must be pdf, csv or json", null));
    }
    String period = b.period() == null ? "week" : b.period();
    if (!ReportSchedule.PERIODS.contains(period)) {
      errors.add(new ApiException.FieldError("/period", "period must be day, week or month", null));
    }
    if (b.connection() == null || b.connection().isBlank()) {
      errors.add(new ApiException.FieldError("/connection", "required: an smtp connection", null));
    } else {
      Optional<String> provider =
          connections.get(actor.tenant(), b.connection()).map(c -> c.provider());
      if (provider.isEmpty()) {
        errors.add(
            new ApiException.FieldError(
                "/connection", "no connection named '" + b.connection() + "'", null));
      } else if (!provider.get().equals("smtp")) {
        errors.add(
            new ApiException.FieldError(
                "/connection",
                "connection '" + b.connection() + "' is " + provider.get() + ", not smtp",
                null));
      }
    }
    List<String> to = b.to() == null ? List.of() : b.to();
    if (to.isEmpty() || to.size() > MAX_RECIPIENTS) {
      errors.add(
          new ApiException.FieldError(
              "/to", "give 1 to " + MAX_RECIPIENTS + " e-mail addresses", null));
    }
    for (int i = 0; i < to.size() && i < MAX_RECIPIENTS; i++) {
      if (to.get(i) == null || !ADDRESS.matcher(to.get(i).trim()).matches()) {
        errors.add(
            new ApiException.FieldError("/to/" + i, "'" + to.get(i) + "' is not an address", null));
      }
    }
    String timezone = b.timezone() == null ? "UTC" : b.timezone();
    long every = ScheduleRequests.check(b.cron(), b.every(), timezone, "0 0 8 * * MON", errors);
    if (!errors.isEmpty()) {
      throw ApiException.invalid("the schedule has " + errors.size() + " error(s)", errors);
    }
    Reports.Type t = Reports.TYPES.get(b.type());
    if (!actor.can(t.reads())) {
      audit.record(
          actor,
          "report.schedule.create",
          "report-schedule:" + b.name(),
          Audit.DENIED,
          Map.of("type", b.type(), "needs", t.reads().key()));
      throw ApiException.forbidden(
          "forbidden",
          "a " + b.type() + " report shows what " + t.reads().key() + " reads; you lack it");
    }
    List<String> recipients = to.stream().map(String::trim).toList();
    NewSchedule row =
        new NewSchedule(
            b.name(),
            b.type(),
            format,
            period,
            b.connection(),
            recipients,
            b.cron(),
            every,
            timezone);
    if (!schedules.create(actor.tenant(), row, actor.user())) {
      throw ApiException.conflict("schedule-exists", "a schedule named " + b.name() + " exists");
    }
    ReportSchedule s =
        new ReportSchedule(
            actor.tenant(),
            b.name(),
            b.type(),
            format,
            period,
            b.connection(),
            recipients,
            b.cron(),
            every,
            timezone,
            actor.user());
    ReportScheduleWorkflow wf =
        temporal.newWorkflowStub(
            ReportScheduleWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ReportScheduleWorkflow.id(actor.tenant(), b.name()))
                .setTaskQueue(TaskQueues.REPORTS)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
    WorkflowClient.start(wf::run, s, System.currentTimeMillis(), false);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("type", b.type());
    details.put("format", format);
    details.put("period", period);
    details.put("connection", b.connection());
    details.put("to", recipients);
    details.put("cron", b.cron());
    details.put("everySeconds", every);
    audit.record(
        actor, "report.schedule.create", "report-schedule:" + b.name(), Audit.SUCCESS, details);
    return get(actor, b.name());
  }

  public List<Schedule> list(Actor actor) {
    return schedules.list(actor.tenant()).stream().filter(s -> readable(actor, s)).toList();
  }

  /** A schedule of a report the caller may not read is not theirs to see. */
  public Schedule get(Actor actor, String name) {
    return schedules
        .get(actor.tenant(), name)
        .filter(s -> readable(actor, s))
        .orElseThrow(() -> ApiException.notFound("no report schedule " + name));
  }

  private static boolean readable(Actor actor, Schedule s) {
    Reports.Type t = Reports.TYPES.get(s.type());
    return t != null && actor.can(t.reads());
  }

  public Schedule change(Actor actor, String name, ChangeSchedule b) {
    get(actor, name);
    if (b == null || b.paused() == null) {
      throw ApiException.invalid("/paused", "give paused: true or false");
    }
    schedules.rows().paused(actor.tenant(), name, b.paused(), actor.user());
    signal(actor, name, b.paused() ? "pause" : "resume");
    audit.record(
        actor,
        b.paused() ? "report.schedule.pause" : "report.schedule.resume",
        "report-schedule:" + name,
        Audit.SUCCESS,
        Map.of());
    return get(actor, name);
  }

  /** {@code POST /api/v1/report-schedules/{name}/run}: the report, once, for the period to now. */
  public void runNow(Actor actor, String name) {
    get(actor, name);
    if (!signal(actor, name, "runNow")) {
      throw ApiException.unavailable("the schedule's workflow is not running; re-create it");
    }
    audit.record(actor, "report.schedule.run", "report-schedule:" + name, Audit.SUCCESS, Map.of());
  }

  public void delete(Actor actor, String name) {
    get(actor, name);
    signal(actor, name, "stop");
    schedules.rows().delete(actor.tenant(), name);
    audit.record(
        actor, "report.schedule.delete", "report-schedule:" + name, Audit.SUCCESS, Map.of());
  }

  private boolean signal(Actor actor, String name, String signal) {
    return ScheduleRequests.signal(
        temporal, ReportScheduleWorkflow.id(actor.tenant(), name), signal);
  }
}
