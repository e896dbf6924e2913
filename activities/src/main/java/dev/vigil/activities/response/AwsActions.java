package dev.vigil.activities.response;

import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.system.ActionException;
import dev.vigil.activities.system.ActionHandler;
import dev.vigil.workflows.system.FailureTypes;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * AWS through the AWS SDK for Java v2: an IAM access key deactivated or reactivated ({@code
 * UpdateAccessKey}), an EC2 instance isolated by swapping its security groups for the connection's
 * quarantine group ({@code DescribeInstances}, then {@code ModifyInstanceAttribute}; the groups it
 * had are answered, and {@code aws.ec2.restore_instance} puts them back). The SDK's own retries are
 * off — Temporal retries — and its throttling and 5xx errors become {@code AwsUnavailable}, its
 * other service errors {@code AwsRefused} with AWS's code and message. {@code endpointUrl} points
 * every client at a proxy or a test server.
 */
public final class AwsActions {

  static final String REFUSED = "AwsRefused";
  static final String UNAVAILABLE = "AwsUnavailable";

  private final ConnectionResolver connections;

  public AwsActions(ConnectionResolver connections) {
    this.connections = connections;
  }

  public record AccessKeyInput(String connection, String userName, String accessKeyId) {}

  public record IsolateInput(String connection, String instanceId, String quarantineGroupId) {}

  public record RestoreInput(String connection, String instanceId, List<String> groups) {}

  public List<ActionHandler<?>> all() {
    return List.of(
        ActionHandler.of(
            "aws.iam.deactivate_access_key",
            AccessKeyInput.class,
            (in, ctx) -> accessKey(ctx.tenant(), in, StatusType.INACTIVE)),
        ActionHandler.of(
            "aws.iam.reactivate_access_key",
            AccessKeyInput.class,
            (in, ctx) -> accessKey(ctx.tenant(), in, StatusType.ACTIVE)),
        ActionHandler.of(
            "aws.ec2.isolate_instance", IsolateInput.class, (in, ctx) -> isolate(ctx.tenant(), in)),
        ActionHandler.of(
            "aws.ec2.restore_instance",
            RestoreInput.class,
            (in, ctx) -> restore(ctx.tenant(), in)));
  }

  private Map<String, Object> accessKey(String tenant, AccessKeyInput in, StatusType status) {
    ResolvedConnection c = connections.resolve(tenant, in.connection(), "aws");
    try (IamClient iam = configure(IamClient.builder(), c, Region.AWS_GLOBAL).build()) {
      iam.updateAccessKey(
          r -> r.userName(in.userName()).accessKeyId(in.accessKeyId()).status(status));
    } catch (AwsServiceException | SdkClientException e) {
      throw failure("IAM UpdateAccessKey", e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("userName", in.userName());
    out.put("accessKeyId", in.accessKeyId());
    out.put("status", status.toString());
    return out;
  }

  private Map<String, Object> isolate(String tenant, IsolateInput in) {
    ResolvedConnection c = connections.resolve(tenant, in.connection(), "aws");
    String quarantine =
        in.quarantineGroupId() != null
            ? in.quarantineGroupId()
            : (String) c.config().get("quarantineSecurityGroupId");
    if (quarantine == null) {
      throw new ActionException(
          FailureTypes.INVALID_INPUT,
          "no quarantine security group: name quarantineGroupId or set the connection's quarantineSecurityGroupId");
    }
    try (Ec2Client ec2 = configure(Ec2Client.builder(), c, region(c)).build()) {
      var reservations = ec2.describeInstances(r -> r.instanceIds(in.instanceId())).reservations();
      if (reservations.isEmpty() || reservations.get(0).instances().isEmpty()) {
        throw new ActionException(REFUSED, "EC2 knows no instance " + in.instanceId());
      }
      List<String> before = new ArrayList<>();
      for (GroupIdentifier g : reservations.get(0).instances().get(0).securityGroups()) {
        before.add(g.groupId());
      }
      if (!(before.size() == 1 && before.get(0).equals(quarantine))) {
        ec2.modifyInstanceAttribute(r -> r.instanceId(in.instanceId()).groups(quarantine));
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("instanceId", in.instanceId());
      out.put("quarantineGroupId", quarantine);
      // what undo puts back; on a retry after the swap this is already the quarantine group
      out.put("previousGroups", before);
      return out;
    } catch (AwsServiceException | SdkClientException e) {
      throw failure("EC2", e);
    }
  }

  private Map<String, Object> restore(String tenant, RestoreInput in) {
    if (in.groups() == null || in.groups().isEmpty()) {
      throw new ActionException(
          FailureTypes.INVALID_INPUT, "groups must name the security groups to restore");
    }
    ResolvedConnection c = connections.resolve(tenant, in.connection(), "aws");
    try (Ec2Client ec2 = configure(Ec2Client.builder(), c, region(c)).build()) {
      ec2.modifyInstanceAttribute(r -> r.instanceId(in.instanceId()).groups(in.groups()));
    } catch (AwsServiceException | SdkClientException e) {
      throw failure("EC2 ModifyInstanceAttribute", e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("instanceId", in.instanceId());
    out.put("groups", in.groups());
    return out;
  }

  private static Region region(ResolvedConnection c) {
    return Region.of(Connectors.base(c, "region"));
  }

  private static <
          B extends
              software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>
                  & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>>
      B configure(B builder, ResolvedConnection c, Region region) {
    AwsCredentials credentials = credentials(c);
    int timeout = Connectors.timeout(c);
    builder
        .region(region)
        .credentialsProvider(StaticCredentialsProvider.create(credentials))
        .httpClient(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(timeout))
                .build())
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .retryStrategy(b -> b.maxAttempts(1))
                .apiCallTimeout(Duration.ofSeconds(timeout))
                .build());
    Object endpoint = c.config().get("endpointUrl");
    if (endpoint != null) {
      builder.endpointOverride(URI.create(String.valueOf(endpoint)));
    }
    return builder;
  }

  /** The connection's access key (and session token for temporary credentials). */
  static AwsCredentials credentials(ResolvedConnection c) {
    String id = c.secret("accessKeyId");
    String secret = c.secret("secretAccessKey");
    if (id == null || secret == null) {
      throw new ActionException(
          REFUSED, "connection '" + c.name() + "' lacks accessKeyId or secretAccessKey");
    }
    String token = c.secret("sessionToken");
    return token == null
        ? AwsBasicCredentials.create(id, secret)
        : AwsSessionCredentials.create(id, secret, token);
  }

  private static ActionException failure(String what, Exception e) {
    if (e instanceof AwsServiceException s) {
      int status = s.statusCode();
      String code = s.awsErrorDetails() == null ? "" : s.awsErrorDetails().errorCode();
      String message =
          s.awsErrorDetails() == null ? s.getMessage() : s.awsErrorDetails().errorMessage();
      boolean transientError =
          status >= 500
              || status == 429
              || s.isThrottlingException()
              || "RequestLimitExceeded".equals(code);
      return new ActionException(
          transientError ? UNAVAILABLE : REFUSED, what + " failed: " + code + ": " + message);
    }
    return new ActionException(UNAVAILABLE, what + " did not answer: " + e.getMessage());
  }
}
