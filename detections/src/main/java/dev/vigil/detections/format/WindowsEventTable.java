package dev.vigil.detections.format;

import java.util.HashMap;
import java.util.Map;

/**
 * How Windows event ids map onto canonical classes, per channel. Outcome {@code null} means "from
 * the record" (the Keywords audit bits, or a rule in {@link WindowsEventFormat} such as 4776's
 * Status). Events not in the table are {@code log}/{@code endpoint}.
 */
final class WindowsEventTable {

  /** One mapping: category, type, action, outcome (or null), severity, a short description. */
  record Mapping(
      String category, String type, String action, String outcome, int severity, String text) {}

  static final String SECURITY = "Security";
  static final String SYSMON = "Microsoft-Windows-Sysmon/Operational";
  static final String SYSTEM = "System";

  private static final Map<Long, Mapping> SECURITY_IDS = new HashMap<>();
  private static final Map<Long, Mapping> SYSMON_IDS = new HashMap<>();
  private static final Map<Long, Mapping> SYSTEM_IDS = new HashMap<>();

  private static final String S = "success";
  private static final String F = "failure";

  static {
    sec(4624, "auth", "authentication", "logon", S, 1, "An account was successfully logged on");
    sec(4625, "auth", "authentication", "logon", F, 3, "An account failed to log on");
    sec(
        4648,
        "auth",
        "authentication",
        "explicit_credentials",
        S,
        2,
        "A logon was attempted using explicit credentials");
    sec(
        4776,
        "auth",
        "authentication",
        "credential_validation",
        null,
        1,
        "The computer attempted to validate the credentials for an account");
    sec(4634, "auth", "session", "logoff", S, 1, "An account was logged off");
    sec(4647, "auth", "session", "logoff", S, 1, "User initiated logoff");
    sec(4672, "auth", "session", "privileges", S, 2, "Special privileges assigned to new logon");
    sec(4720, "auth", "account_change", "create", S, 4, "A user account was created");
    sec(4722, "auth", "account_change", "enable", S, 3, "A user account was enabled");
    sec(
        4723,
        "auth",
        "account_change",
        "change_password",
        null,
        3,
        "An attempt was made to change an account's password");
    sec(
        4724,
        "auth",
        "account_change",
        "reset_password",
        null,
        4,
        "An attempt was made to reset an account's password");
    sec(4725, "auth", "account_change", "disable", S, 3, "A user account was disabled");
    sec(4726, "auth", "account_change", "delete", S, 4, "A user account was deleted");
    sec(4738, "auth", "account_change", "change", S, 3, "A user account was changed");
    sec(4740, "auth", "account_change", "lockout", S, 5, "A user account was locked out");
    sec(4767, "auth", "account_change", "unlock", S, 3, "A user account was unlocked");
    sec(
        4728,
        "auth",
        "account_change",
        "group_member_add",
        S,
        4,
        "A member was added to a security-enabled global group");
    sec(
        4732,
        "auth",
        "account_change",
        "group_member_add",
        S,
        4,
        "A member was added to a security-enabled local group");
    sec(
        4756,
        "auth",
        "account_change",
        "group_member_add",
        S,
        4,
        "A member was added to a security-enabled universal group");
    sec(
        4729,
        "auth",
        "account_change",
        "group_member_remove",
        S,
        3,
        "A member was removed from a security-enabled global group");
    sec(
        4733,
        "auth",
        "account_change",
        "group_member_remove",
        S,
        3,
        "A member was removed from a security-enabled local group");
    sec(
        4757,
        "auth",
        "account_change",
        "group_member_remove",
        S,
        3,
        "A member was removed from a security-enabled universal group");
    sec(1102, "endpoint", "audit_log", "log_cleared", S, 7, "The audit log was cleared");
    sec(4688, "endpoint", "process", "process_create", S, 1, "A new process has been created");
    sec(4689, "endpoint", "process", "process_terminate", S, 0, "A process has exited");
    SYSTEM_IDS.put(
        104L,
        new Mapping(
            "endpoint", "audit_log", "log_cleared", S, 7, "The System log file was cleared"));

    sysmon(1, "process", "process_create", 1, "Process Create");
    sysmon(2, "file", "file_time_change", 2, "File creation time changed");
    sysmon(3, "network_connection", "connect", 1, "Network connection detected");
    sysmon(5, "process", "process_terminate", 0, "Process terminated");
    sysmon(6, "image_load", "driver_load", 2, "Driver loaded");
    sysmon(7, "image_load", "image_load", 1, "Image loaded");
    sysmon(8, "process", "create_remote_thread", 3, "CreateRemoteThread detected");
    sysmon(9, "file", "raw_access_read", 2, "RawAccessRead detected");
    sysmon(10, "process", "process_access", 2, "Process accessed");
    sysmon(11, "file", "file_create", 1, "File created");
    sysmon(12, "registry", "key_create_delete", 1, "Registry object added or deleted");
    sysmon(13, "registry", "value_set", 1, "Registry value set");
    sysmon(14, "registry", "rename", 1, "Registry object renamed");
    sysmon(15, "file", "file_stream_create", 1, "File stream created");
    sysmon(17, "process", "pipe_create", 1, "Pipe Created");
    sysmon(18, "process", "pipe_connect", 1, "Pipe Connected");
    sysmon(19, "log", "wmi_filter", 3, "WmiEventFilter activity detected");
    sysmon(20, "log", "wmi_consumer", 3, "WmiEventConsumer activity detected");
    sysmon(21, "log", "wmi_binding", 3, "WmiEventConsumerToFilter activity detected");
    sysmon(22, "dns", "query", 1, "Dns query");
    sysmon(23, "file", "file_delete", 1, "File Delete archived");
    sysmon(25, "process", "process_tampering", 4, "Process Tampering");
    sysmon(26, "file", "file_delete_detected", 1, "File Delete logged");
    sysmon(27, "file", "file_block_executable", 4, "File Block Executable");
    sysmon(28, "file", "file_block_shredding", 4, "File Block Shredding");
    sysmon(29, "file", "file_executable_detected", 2, "File Executable Detected");
  }

  private WindowsEventTable() {}

  private static void sec(
      long id, String cat, String type, String action, String outcome, int sev, String text) {
    SECURITY_IDS.put(id, new Mapping(cat, type, action, outcome, sev, text));
  }

  private static void sysmon(long id, String type, String action, int sev, String text) {
    String category =
        type.equals("network_connection") || type.equals("dns") ? "network" : "endpoint";
    SYSMON_IDS.put(id, new Mapping(category, type, action, S, sev, text));
  }

  /** The mapping of an event, or null when the id is not mapped for its channel. */
  static Mapping lookup(String channel, String provider, long id) {
    if (SECURITY.equalsIgnoreCase(channel)
        || (channel == null && "Microsoft-Windows-Security-Auditing".equals(provider))) {
      return SECURITY_IDS.get(id);
    }
    if (SYSMON.equalsIgnoreCase(channel)
        || (channel == null && "Microsoft-Windows-Sysmon".equals(provider))) {
      return SYSMON_IDS.get(id);
    }
    if (SYSTEM.equalsIgnoreCase(channel)
        && "Microsoft-Windows-Eventlog".equalsIgnoreCase(provider)) {
      return SYSTEM_IDS.get(id);
    }
    return null;
  }

  static boolean isSysmon(String channel, String provider) {
    return SYSMON.equalsIgnoreCase(channel)
        || (channel == null && "Microsoft-Windows-Sysmon".equals(provider));
  }
}
