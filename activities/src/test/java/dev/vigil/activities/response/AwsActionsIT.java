package dev.vigil.activities.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.activities.connection.TestConnections;
import dev.vigil.activities.system.ActionException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The AWS actions through the real AWS SDK, pointed at a local server answering as IAM's and EC2's
 * Query APIs document (form-encoded actions, XML answers and errors), which checks that each
 * request is SigV4-signed with the connection's key.
 */
class AwsActionsIT {

  TestConnections c;
  HttpServer server;
  final List<Map<String, String>> calls = Collections.synchronizedList(new ArrayList<>());
  volatile List<String> groups =
      new ArrayList<>(List.of("sg-0a1b2c3d4e5f60001", "sg-0a1b2c3d4e5f60002"));

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    c = TestConnections.start();
    c.connect(
        "aws",
        "aws",
        Map.of(
            "region", "eu-west-1",
            "endpointUrl", "http://127.0.0.1:" + server.getAddress().getPort(),
            "quarantineSecurityGroupId", "sg-0badc0ffee0000001"),
        Map.of(
            "accessKeyId", "AKIAIOSFODNN7EXAMPLE",
            "secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    c.handlers(new AwsActions(c.resolver()).all());
  }

  @AfterEach
  void stop() {
    server.stop(0);
    c.close();
  }

  <I> Map<String, Object> run(String action, I input) {
    return c.run(action, input);
  }

  private void answer(HttpExchange x) throws IOException {
    try (x) {
      Map<String, String> p = new LinkedHashMap<>();
      for (String pair :
          new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          p.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      String auth = x.getRequestHeaders().getFirst("Authorization");
      p.put("_auth", auth == null ? "" : auth);
      calls.add(p);
      if (auth == null || !auth.startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/")) {
        xml(
            x,
            403,
            "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>r0</RequestId></ErrorResponse>");
        return;
      }
      switch (p.getOrDefault("Action", "")) {
        case "UpdateAccessKey" -> {
          if (!p.get("AccessKeyId").equals("AKIAI44QH8DHBEXAMPLE")) {
            xml(
                x,
                404,
                "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The Access Key with id "
                    + p.get("AccessKeyId")
                    + " cannot be found.</Message></Error><RequestId>r1</RequestId></ErrorResponse>");
          } else {
            xml(
                x,
                200,
                "<UpdateAccessKeyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata></UpdateAccessKeyResponse>");
          }
        }
        case "DescribeInstances" -> {
          if (!"i-1234567890abcdef0".equals(p.get("InstanceId.1"))) {
            xml(
                x,
                400,
                "<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>The instance ID '"
                    + p.get("InstanceId.1")
                    + "' does not exist</Message></Error></Errors><RequestID>r2</RequestID></Response>");
            return;
          }
          StringBuilder g = new StringBuilder();
          groups.forEach(
              id ->
                  g.append("<item><groupId>")
                      .append(id)
                      .append("</groupId><groupName>web</groupName></item>"));
          xml(
              x,
              200,
              "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>8f7724cf-496f-496e-8fe3-example</requestId><reservationSet><item><reservationId>r-1234567890abcdef0</reservationId><ownerId>123456789012</ownerId><instancesSet><item><instanceId>i-1234567890abcdef0</instanceId><instanceState><code>16</code><name>running</name></instanceState><groupSet>"
                  + g
                  + "</groupSet></item></instancesSet></item></reservationSet></DescribeInstancesResponse>");
        }
        case "ModifyInstanceAttribute" -> {
          List<String> next = new ArrayList<>();
          for (int i = 1; p.containsKey("GroupId." + i); i++) {
            next.add(p.get("GroupId." + i));
          }
          groups = next;
          xml(
              x,
              200,
              "<ModifyInstanceAttributeResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId><return>true</return></ModifyInstanceAttributeResponse>");
        }
        default ->
            xml(
                x,
                400,
                "<Response><Errors><Error><Code>InvalidAction</Code><Message>unknown</Message></Error></Errors></Response>");
      }
    }
  }

  static void xml(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "text/xml");
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
  }

  @Test
  void anAccessKeyIsDeactivatedAndReactivatedAndAnUnknownOneRefused() {
    assertThat(
            run(
                "aws.iam.deactivate_access_key",
                new AwsActions.AccessKeyInput("aws", "ana", "AKIAI44QH8DHBEXAMPLE")))
        .containsEntry("status", "Inactive");
    Map<String, String> call = calls.get(0);
    assertThat(call)
        .containsEntry("Action", "UpdateAccessKey")
        .containsEntry("UserName", "ana")
        .containsEntry("Status", "Inactive");
    assertThat(call.get("_auth")).contains("/iam/aws4_request"); // IAM is global
    assertThat(
            run(
                "aws.iam.reactivate_access_key",
                new AwsActions.AccessKeyInput("aws", "ana", "AKIAI44QH8DHBEXAMPLE")))
        .containsEntry("status", "Active");
    assertThatThrownBy(
            () ->
                run(
                    "aws.iam.deactivate_access_key",
                    new AwsActions.AccessKeyInput("aws", "ana", "AKIAXXXXXXXXXXXXXXXX")))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo("AwsRefused");
              assertThat(e.getMessage())
                  .contains("NoSuchEntity")
                  .contains("cannot be found")
                  .doesNotContain("wJalr");
            });
  }

  @Test
  void anInstanceIsIsolatedInTheQuarantineGroupAndRestoredToWhatItHad() {
    Map<String, Object> isolated =
        run(
            "aws.ec2.isolate_instance",
            new AwsActions.IsolateInput("aws", "i-1234567890abcdef0", null));
    assertThat(isolated.get("previousGroups"))
        .isEqualTo(List.of("sg-0a1b2c3d4e5f60001", "sg-0a1b2c3d4e5f60002"));
    assertThat(groups).containsExactly("sg-0badc0ffee0000001");
    assertThat(calls.get(0).get("_auth")).contains("/eu-west-1/ec2/aws4_request");
    // a retry after the swap changes nothing
    run(
        "aws.ec2.isolate_instance",
        new AwsActions.IsolateInput("aws", "i-1234567890abcdef0", null));
    assertThat(calls.stream().filter(c -> "ModifyInstanceAttribute".equals(c.get("Action"))))
        .hasSize(1);
    @SuppressWarnings("unchecked")
    List<String> before = (List<String>) isolated.get("previousGroups");
    run(
        "aws.ec2.restore_instance",
        new AwsActions.RestoreInput("aws", "i-1234567890abcdef0", before));
    assertThat(groups).containsExactly("sg-0a1b2c3d4e5f60001", "sg-0a1b2c3d4e5f60002");
    assertThatThrownBy(
            () ->
                run(
                    "aws.ec2.isolate_instance",
                    new AwsActions.IsolateInput("aws", "i-0000000000000000f", null)))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo("AwsRefused");
              assertThat(e.getMessage()).contains("InvalidInstanceID.NotFound");
            });
  }
}
