package dev.vigil.detections.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vigil.detections.event.Event;
import dev.vigil.playbook.json.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WindowsEventFormatTest {

  private static final ParseContext UTC = ParseContext.utc(Instant.parse("2024-01-01T00:00:00Z"));
  private final WindowsEventFormat format = new WindowsEventFormat();

  /** The class a Security event id should get, written from DESIGN §6.1 and not the parser. */
  private static String expectedClass(JsonNode r) {
    String status = r.path("EventData").path("Status").asText();
    return switch (r.get("EventID").asText()) {
      case "4624" -> "authentication/success";
      case "4625" -> "authentication/failure";
      case "4648" -> "authentication/success";
      case "4776" -> "authentication/" + (status.equals("0x0") ? "success" : "failure");
      case "4634", "4647", "4672" -> "session/success";
      case "1102" -> "audit_log/success";
      case "4688" -> "process/success";
      default -> {
        long k = Long.parseUnsignedLong(r.get("Keywords").asText().substring(2), 16);
        yield "log/"
            + ((k & 0x0010000000000000L) != 0
                ? "failure"
                : (k & 0x0020000000000000L) != 0 ? "success" : "unknown");
      }
    };
  }

  private static JsonNode json(String text) {
    try {
      return Json.parse(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void everyDatasetRecordIsAcceptedAndClassifiedByItsEventId() {
    List<Path> files = Datasets.files("windows-events", ".jsonl");
    assertThat(files).hasSize(8);
    int total = 0;
    for (Path f : files) {
      List<JsonNode> records = Datasets.jsonLines(Datasets.relative(f));
      Map<String, Long> expected = new TreeMap<>();
      records.forEach(r -> expected.merge(expectedClass(r), 1L, Long::sum));
      Parsed p = Parsed.of(format, records, UTC);
      assertThat(p.rejected()).as(f.toString()).isEmpty();
      assertThat(p.events()).as(f.toString()).hasSize(records.size());
      assertThat(p.countBy(Parsed::typeOutcome)).as(f.toString()).isEqualTo(expected);
      for (int i = 0; i < records.size(); i++) {
        JsonNode r = records.get(i);
        Event e = p.events().get(i);
        assertThat(e.attributes().get("EventID"))
            .isEqualTo(Long.parseLong(r.get("EventID").asText()));
        assertThat(e.source().system()).isEqualTo(r.get("Computer").asText());
        assertThat(e.raw()).isEqualTo(r.toString());
        JsonNode data = r.has("EventData") ? r.get("EventData") : r.get("UserData");
        data.fieldNames().forEachRemaining(k -> assertThat(e.attributes()).containsKey(k));
        String ip = data.path("IpAddress").asText("-");
        assertThat(e.src().ip()).isEqualTo(ip.equals("-") || ip.isEmpty() ? null : ip);
        String user = data.path("TargetUserName").asText("-");
        if (!user.equals("-") && !user.isEmpty() && !user.contains("@")) {
          assertThat(e.actor().name()).isEqualTo(user);
        }
        // python-evtx writes UTC without an offset
        assertThat(e.time().toString().replace("T", " ").replace("Z", ""))
            .startsWith(r.get("TimeCreated").asText().substring(0, 19));
      }
      total += records.size();
    }
    assertThat(total).isEqualTo(295 + 3561 + 16 + 8 + 20 + 11 + 2 + 6);
  }

  @Test
  void smbPasswordGuessingIs3561FailedLogons() {
    List<JsonNode> records =
        Datasets.jsonLines("windows-events/DeepBlueCLI/smb-password-guessing-security.jsonl");
    long failures4625 =
        records.stream().filter(r -> r.get("EventID").asText().equals("4625")).count();
    assertThat(failures4625).isEqualTo(3561);
    Parsed p = Parsed.of(format, records, UTC);
    assertThat(p.countBy(Parsed::typeOutcome))
        .containsEntry("authentication/failure", failures4625);
    assertThat(p.events())
        .allSatisfy(
            e -> assertThat(e.attributes()).containsKeys("Status", "SubStatus", "LogonType"));
  }

  @Test
  void passwordSprayIs294ExplicitCredentialLogonsAgainst41Accounts() {
    List<JsonNode> records = Datasets.jsonLines("windows-events/DeepBlueCLI/password-spray.jsonl");
    Set<String> targets = new HashSet<>();
    long explicit = 0;
    for (JsonNode r : records) {
      if (r.get("EventID").asText().equals("4648")) {
        explicit++;
        targets.add(r.path("EventData").path("TargetUserName").asText());
      }
    }
    assertThat(explicit).isEqualTo(294);
    assertThat(targets).hasSize(41);
    List<Event> events =
        Parsed.of(format, records, UTC).events().stream()
            .filter(e -> "explicit_credentials".equals(e.action()))
            .toList();
    assertThat(events).hasSize((int) explicit);
    assertThat(events.stream().map(e -> e.actor().name()).distinct()).hasSize(targets.size());
    assertThat(events.get(0).attributes().get("subject"))
        .isEqualTo(Map.of("name", "jwrig", "domain", "DESKTOP-JR78RLP"));
    assertThat(events.get(0).src()).isEqualTo(new Event.Endpoint("172.16.144.128", 445, null));
  }

  @Test
  void readsTheNestedEvtxDumpShape() {
    Event e =
        format
            .parse(
                json(
                    """
                    {"Event": {"#attributes": {"xmlns": "http://schemas.microsoft.com/win/2004/08/events/event"},
                      "System": {"Provider": {"#attributes": {"Name": "Microsoft-Windows-Security-Auditing"}},
                        "EventID": {"#text": "4625", "#attributes": {"Qualifiers": ""}},
                        "Keywords": "0x8010000000000000",
                        "TimeCreated": {"#attributes": {"SystemTime": "2021-03-04T05:06:07.1234567Z"}},
                        "Channel": "Security", "Computer": "dc01.corp.local"},
                      "EventData": {"TargetUserName": "bob@corp.local", "TargetDomainName": "-",
                        "IpAddress": "::ffff:10.0.0.5", "IpPort": "-", "WorkstationName": "", "Status": "0xc000006d"}}}
                    """),
                UTC)
            .get(0);
    assertThat(e.type()).isEqualTo("authentication");
    assertThat(e.outcome()).isEqualTo("failure");
    assertThat(e.time()).isEqualTo(Instant.parse("2021-03-04T05:06:07.1234567Z"));
    assertThat(e.actor()).isEqualTo(Event.Actor.user("bob", "corp.local"));
    assertThat(e.src()).isEqualTo(new Event.Endpoint("::ffff:10.0.0.5", null, null));
    assertThat(e.attributes())
        .containsEntry("Provider", "Microsoft-Windows-Security-Auditing")
        .containsEntry("EventID", 4625L)
        .containsEntry("IpPort", "-");
    assertThat(e.target()).isEqualTo(Event.Target.asset("dc01.corp.local"));
  }

  @Test
  void readsXmlToJsonNamedDataLists() {
    Event e =
        format
            .parse(
                json(
                    """
                    {"Event": {"System": {"Provider": {"@Name": "Microsoft-Windows-Security-Auditing"},
                      "EventID": 4776, "TimeCreated": {"@SystemTime": "2021-03-04 05:06:07"},
                      "Channel": "Security", "Computer": "dc01"},
                      "EventData": {"Data": [{"@Name": "TargetUserName", "#text": "alice"},
                        {"@Name": "Workstation", "#text": "WS7"}, {"@Name": "Status", "#text": "0x0"}]}}}
                    """),
                new ParseContext(null, ZoneId.of("Europe/Paris"), null))
            .get(0);
    assertThat(e.action()).isEqualTo("credential_validation");
    assertThat(e.outcome()).isEqualTo("success");
    assertThat(e.src().host()).isEqualTo("WS7");
    assertThat(e.time()).isEqualTo(Instant.parse("2021-03-04T04:06:07Z"));
  }

  @Test
  void readsWinlogbeatAndSysmonNetworkConnections() {
    Event e =
        format
            .parse(
                json(
                    """
                    {"@timestamp": "2023-05-06T07:08:09.5+05:30", "message": "Network connection detected",
                     "winlog": {"event_id": 3, "channel": "Microsoft-Windows-Sysmon/Operational",
                       "computer_name": "ws1", "provider_name": "Microsoft-Windows-Sysmon",
                       "event_data": {"Image": "C:\\\\x.exe", "User": "CORP\\\\eve", "SourceIp": "10.0.0.2",
                         "SourcePort": "50000", "DestinationIp": "8.8.8.8", "DestinationPort": "53",
                         "DestinationHostname": "-"}}}
                    """),
                UTC)
            .get(0);
    assertThat(e.type()).isEqualTo("network_connection");
    assertThat(e.category()).isEqualTo("network");
    assertThat(e.time()).isEqualTo(Instant.parse("2023-05-06T01:38:09.5Z"));
    assertThat(e.src()).isEqualTo(new Event.Endpoint("10.0.0.2", 50000, null));
    assertThat(e.dst()).isEqualTo(new Event.Endpoint("8.8.8.8", 53, "ws1"));
    assertThat(e.actor()).isEqualTo(Event.Actor.user("eve", "CORP"));
    assertThat(e.attributes()).containsEntry("Image", "C:\\x.exe").containsEntry("EventID", 3L);
    assertThat(e.message()).isEqualTo("Network connection detected");
  }

  @Test
  void readsWazuhEventchannelWithCamelCaseKeys() {
    Event e =
        format
            .parse(
                json(
                    """
                    {"win":{"eventdata":{"ipAddress":"192.168.0.121","targetUserName":"Administrator",
                      "targetDomainName":"EXCHANGETEST.COM","ipPort":"49791","logonType":"3"},
                     "system":{"eventID":"4624","keywords":"0x8020000000000000","channel":"Security",
                      "systemTime":"2021-06-25T18:33:57.953556700Z","computer":"bankdc.ExchangeTest.com",
                      "providerName":"Microsoft-Windows-Security-Auditing","message":"\\"An account was successfully logged on.\\""}}}
                    """),
                UTC)
            .get(0);
    assertThat(e.type() + "/" + e.outcome()).isEqualTo("authentication/success");
    assertThat(e.actor()).isEqualTo(Event.Actor.user("Administrator", "EXCHANGETEST.COM"));
    assertThat(e.src()).isEqualTo(new Event.Endpoint("192.168.0.121", 49791, null));
    assertThat(e.attributes()).containsEntry("LogonType", "3");
    assertThat(e.message()).isEqualTo("An account was successfully logged on.");
  }

  @Test
  void unmappedChannelsAreEndpointLogsWithLevelSeverity() {
    Event e =
        format
            .parse(
                json(
                    """
                    {"ProviderName": "Microsoft-Windows-PowerShell", "EventID": 4104, "Level": "3",
                     "Channel": "Microsoft-Windows-PowerShell/Operational", "Computer": "ws1",
                     "TimeCreated": "2022-01-07 22:05:06.936880", "EventData": {"ScriptBlockText": "iex"}}
                    """),
                UTC)
            .get(0);
    assertThat(e.category() + "/" + e.type() + "/" + e.outcome()).isEqualTo("endpoint/log/unknown");
    assertThat(e.severity()).isEqualTo(3);
    assertThat(e.time()).isEqualTo(Instant.parse("2022-01-07T22:05:06.936880Z"));
  }

  @Test
  void badRecordsPointAtTheBadField() {
    ObjectNode r =
        (ObjectNode)
            json(
                "{\"EventID\": \"4625\", \"Channel\": \"Security\", \"TimeCreated\": 12, \"EventData\": {}}");
    assertPointer(r, "/TimeCreated");
    r.put("TimeCreated", "yesterday");
    assertPointer(r, "/TimeCreated");
    r.put("TimeCreated", "2022-01-07 22:05:06");
    r.put("EventID", "46x");
    assertPointer(r, "/EventID");
    assertPointer(json("{\"Event\": {\"System\": {\"EventID\": 1}}}"), "/Event/System/TimeCreated");
    assertPointer(json("{\"Event\": {}}"), "/Event/System");
    assertPointer(json("{\"winlog\": {\"event_id\": 1}, \"@timestamp\": true}"), "/@timestamp");
    assertPointer(json("{\"foo\": 1}"), "");
    assertPointer(TextNode.valueOf("{\"EventID\": 1}"), "");
    assertPointer(json("[1]"), "");
  }

  private void assertPointer(JsonNode r, String pointer) {
    assertThatThrownBy(() -> format.parse(r, new ParseContext(null, ZoneOffset.UTC, null)))
        .isInstanceOfSatisfying(
            RecordException.class, e -> assertThat(e.pointer()).isEqualTo(pointer));
  }
}
