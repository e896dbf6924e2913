package dev.vigil.workflows.system;

/** Every Temporal task queue Vigil uses, in one place. */
public final class TaskQueues {

  /** Playbook runs: {@code PlaybookRunWorkflow}, its loop slices and the action activities. */
  public static final String PLAYBOOK_RUNS = "playbook-runs";

  /** Incidents: {@code IncidentWorkflow} and its activities. */
  public static final String INCIDENTS = "incidents";

  /** Installation-wide housekeeping: {@code RetentionWorkflow} and its activity. */
  public static final String MAINTENANCE = "maintenance";

  /** Connectors: {@code ConnectionTestWorkflow} and the integration activities. */
  public static final String INTEGRATIONS = "integrations";

  /** Network scans: {@code ScanWorkflow} and the scan activities (nmap runs here). */
  public static final String SCANS = "scans";

  /** Reports: {@code ReportWorkflow} and the report activities (PDF, CSV, JSON). */
  public static final String REPORTS = "reports";

  /** Billing: each tenant's {@code BillingWorkflow} and the billing activities (Stripe). */
  public static final String BILLING = "billing";

  private TaskQueues() {}
}
