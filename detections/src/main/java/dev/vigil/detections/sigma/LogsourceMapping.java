package dev.vigil.detections.sigma;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sigma {@code logsource} → the leading filter term that selects the events it names, as Sigma's
 * Windows pipeline and taxonomy appendix define them (DESIGN §6.1): a Windows {@code service} is
 * its channel, a {@code category} a Sysmon event id (process creation also Security 4688), Linux
 * {@code sshd}/{@code auth} the {@code syslog-sshd} format. Anything else is a finding at {@code
 * /logsource}: Vigil has no events for it, and a rule over them would silently never fire.
 */
final class LogsourceMapping {

  static final String SYSMON = "Microsoft-Windows-Sysmon/Operational";
  static final String SECURITY = "Security";

  private static final Map<String, List<String>> SERVICES =
      Map.ofEntries(
          Map.entry("security", List.of(SECURITY)),
          Map.entry("system", List.of("System")),
          Map.entry("application", List.of("Application")),
          Map.entry("sysmon", List.of(SYSMON)),
          Map.entry(
              "powershell",
              List.of("Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational")),
          Map.entry("powershell-classic", List.of("Windows PowerShell")),
          Map.entry("windefend", List.of("Microsoft-Windows-Windows Defender/Operational")),
          Map.entry("taskscheduler", List.of("Microsoft-Windows-TaskScheduler/Operational")),
          Map.entry("wmi", List.of("Microsoft-Windows-WMI-Activity/Operational")),
          Map.entry("ntlm", List.of("Microsoft-Windows-NTLM/Operational")),
          Map.entry("bits-client", List.of("Microsoft-Windows-Bits-Client/Operational")),
          Map.entry("dns-server", List.of("DNS Server")),
          Map.entry(
              "driver-framework",
              List.of("Microsoft-Windows-DriverFrameworks-UserMode/Operational")),
          Map.entry(
              "firewall-as",
              List.of("Microsoft-Windows-Windows Firewall With Advanced Security/Firewall")),
          Map.entry("lsa-server", List.of("Microsoft-Windows-LSA/Operational")),
          Map.entry(
              "codeintegrity-operational", List.of("Microsoft-Windows-CodeIntegrity/Operational")),
          Map.entry("openssh", List.of("OpenSSH/Operational")),
          Map.entry("printservice-admin", List.of("Microsoft-Windows-PrintService/Admin")),
          Map.entry(
              "printservice-operational", List.of("Microsoft-Windows-PrintService/Operational")),
          Map.entry("smbclient-security", List.of("Microsoft-Windows-SmbClient/Security")),
          Map.entry(
              "terminalservices-localsessionmanager",
              List.of("Microsoft-Windows-TerminalServices-LocalSessionManager/Operational")),
          Map.entry(
              "applocker",
              List.of(
                  "Microsoft-Windows-AppLocker/MSI and Script",
                  "Microsoft-Windows-AppLocker/EXE and DLL",
                  "Microsoft-Windows-AppLocker/Packaged app-Deployment",
                  "Microsoft-Windows-AppLocker/Packaged app-Execution")));

  /** A category: the channel and the event ids that carry it. */
  private record Source(String channel, List<Object> eventIds) {}

  private static final Map<String, List<Source>> CATEGORIES =
      Map.ofEntries(
          Map.entry("process_creation", List.of(sysmon(1), new Source(SECURITY, List.of(4688)))),
          Map.entry("process_termination", List.of(sysmon(5))),
          Map.entry("network_connection", List.of(sysmon(3))),
          Map.entry("driver_load", List.of(sysmon(6))),
          Map.entry("image_load", List.of(sysmon(7))),
          Map.entry("create_remote_thread", List.of(sysmon(8))),
          Map.entry("raw_access_thread", List.of(sysmon(9))),
          Map.entry("process_access", List.of(sysmon(10))),
          Map.entry("file_event", List.of(sysmon(11))),
          Map.entry("file_change", List.of(sysmon(2))),
          Map.entry("file_delete", List.of(sysmon(23, 26))),
          Map.entry("registry_event", List.of(sysmon(12, 13, 14))),
          Map.entry("registry_add", List.of(sysmon(12))),
          Map.entry("registry_delete", List.of(sysmon(12))),
          Map.entry("registry_set", List.of(sysmon(13))),
          Map.entry("registry_rename", List.of(sysmon(14))),
          Map.entry("create_stream_hash", List.of(sysmon(15))),
          Map.entry("pipe_created", List.of(sysmon(17, 18))),
          Map.entry("wmi_event", List.of(sysmon(19, 20, 21))),
          Map.entry("dns_query", List.of(sysmon(22))),
          Map.entry("clipboard_capture", List.of(sysmon(24))),
          Map.entry("process_tampering", List.of(sysmon(25))),
          Map.entry("sysmon_status", List.of(sysmon(4, 16))),
          Map.entry("sysmon_error", List.of(sysmon(255))),
          Map.entry(
              "ps_module",
              List.of(
                  new Source("Microsoft-Windows-PowerShell/Operational", List.of(4103)),
                  new Source("PowerShellCore/Operational", List.of(4103)))),
          Map.entry(
              "ps_script",
              List.of(
                  new Source("Microsoft-Windows-PowerShell/Operational", List.of(4104)),
                  new Source("PowerShellCore/Operational", List.of(4104)))),
          Map.entry("ps_classic_start", List.of(new Source("Windows PowerShell", List.of(400)))),
          Map.entry(
              "ps_classic_provider_start", List.of(new Source("Windows PowerShell", List.of(600)))),
          Map.entry("ps_classic_script", List.of(new Source("Windows PowerShell", List.of(800)))));

  private static final List<String> SSHD_FORMATS = List.of("syslog-sshd");

  private LogsourceMapping() {}

  private static Source sysmon(Object... ids) {
    return new Source(SYSMON, List.of(ids));
  }

  /** The term (true when the logsource needs none), or null with a finding. */
  static String term(Object logsource, Problems problems) {
    if (!(logsource instanceof Map<?, ?> ls)) {
      problems.add("/logsource", "logsource is missing or not a map");
      return null;
    }
    String product = lower(ls.get("product"));
    String service = lower(ls.get("service"));
    String category = lower(ls.get("category"));
    return switch (product) {
      case "windows" -> windows(service, category, problems);
      case "linux" -> linux(service, category, problems);
      case "aws", "azure", "gcp", "m365", "okta", "github", "google_workspace" -> {
        problems.add(
            "/logsource",
            "no "
                + (service.isEmpty() ? product : service)
                + " format yet: Vigil ingests "
                + String.join(", ", formats())
                + " events");
        yield null;
      }
      case "" -> {
        problems.add(
            "/logsource",
            "a logsource without a product"
                + (category.isEmpty() ? "" : " (category " + category + ")")
                + " has no field names Vigil can map");
        yield null;
      }
      default -> {
        problems.add("/logsource/product", "product '" + product + "' has no Vigil format yet");
        yield null;
      }
    };
  }

  private static List<String> formats() {
    return List.of("vigil", "syslog-sshd", "windows-security", "suricata-eve", "wazuh-alert");
  }

  private static String windows(String service, String category, Problems problems) {
    List<String> terms = new ArrayList<>();
    if (!service.isEmpty()) {
      List<String> channels = SERVICES.get(service);
      if (channels == null) {
        problems.add(
            "/logsource/service", "Windows service '" + service + "' has no channel mapping");
        return null;
      }
      terms.add(channel(channels, problems));
    }
    if (!category.isEmpty()) {
      List<Source> sources = CATEGORIES.get(category);
      if (sources == null) {
        problems.add(
            "/logsource/category", "Windows category '" + category + "' has no event mapping");
        return null;
      }
      List<String> ors = new ArrayList<>();
      for (Source s : sources) {
        ors.add(
            Cel.and(
                List.of(channel(List.of(s.channel()), problems), eventId(s.eventIds(), problems))));
      }
      terms.add(Cel.or(ors));
    }
    return Cel.and(terms);
  }

  private static String linux(String service, String category, Problems problems) {
    if (category.isEmpty() && (service.equals("sshd") || service.equals("auth"))) {
      List<String> quoted = SSHD_FORMATS.stream().map(Cel::str).toList();
      return quoted.size() == 1
          ? "event.source.format == " + quoted.get(0)
          : "event.source.format in " + Cel.list(quoted);
    }
    problems.add(
        "/logsource",
        "Linux logsource "
            + (service.isEmpty() ? "" : "service '" + service + "' ")
            + (category.isEmpty() ? "" : "category '" + category + "' ")
            + "has no Vigil format yet; only service sshd and auth (syslog-sshd) are mapped");
    return null;
  }

  private static String channel(List<String> channels, Problems problems) {
    return FieldMatcher.compile(
        FieldMapping.ATTRIBUTES + "Channel",
        new Modifiers("Channel", EnumSet.noneOf(Modifiers.Modifier.class)),
        new ArrayList<>(channels),
        "/logsource",
        problems);
  }

  private static String eventId(List<Object> ids, Problems problems) {
    return FieldMatcher.compile(
        FieldMapping.ATTRIBUTES + "EventID",
        new Modifiers("EventID", EnumSet.noneOf(Modifiers.Modifier.class)),
        new ArrayList<>(ids),
        "/logsource",
        problems);
  }

  private static String lower(Object o) {
    return o == null ? "" : o.toString().trim().toLowerCase(Locale.ROOT);
  }
}
