package dev.vigil.store.file;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Content in an S3-compatible bucket (AWS S3, MinIO, Ceph, …) through the AWS SDK for Java v2:
 * objects {@code <prefix><tenant>/<sha[0:2]>/<sha>}, encrypted at rest by the service (SSE-S3) on
 * AWS. The endpoint can be overridden and path-style addressing chosen for non-AWS servers.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {

  /**
   * @param endpoint null for AWS's own endpoint
   * @param accessKey null to use the SDK's default credentials chain (environment, profile, role)
   */
  public record Settings(
      String bucket,
      String prefix,
      String region,
      String endpoint,
      boolean pathStyle,
      String accessKey,
      String secretKey,
      boolean serverSideEncryption) {}

  private final S3Client s3;
  private final Settings settings;

  public S3BlobStore(Settings settings) {
    if (settings.bucket() == null || settings.bucket().isBlank()) {
      throw new IllegalArgumentException(
          "the S3 file store needs a bucket (VIGIL_FILES_S3_BUCKET)");
    }
    this.settings = settings;
    AwsCredentialsProvider credentials =
        settings.accessKey() == null || settings.accessKey().isBlank()
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(
                AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
    var b =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(settings.region() == null ? "us-east-1" : settings.region()))
            .credentialsProvider(credentials)
            .forcePathStyle(settings.pathStyle());
    if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
      b.endpointOverride(URI.create(settings.endpoint()));
    }
    this.s3 = b.build();
  }

  private String key(String tenant, String sha256) {
    String p = settings.prefix() == null ? "" : settings.prefix();
    return p + BlobStore.key(tenant, sha256);
  }

  @Override
  public void put(String tenant, String sha256, Path source) throws IOException {
    try {
      s3.putObject(
          r -> {
            r.bucket(settings.bucket()).key(key(tenant, sha256));
            if (settings.serverSideEncryption()) {
              r.serverSideEncryption(ServerSideEncryption.AES256);
            }
          },
          RequestBody.fromFile(source));
    } catch (SdkException e) {
      throw new IOException("storing the content in S3 failed: " + e.getMessage(), e);
    }
  }

  @Override
  public InputStream open(String tenant, String sha256) throws IOException {
    try {
      return s3.getObject(r -> r.bucket(settings.bucket()).key(key(tenant, sha256)));
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(key(tenant, sha256));
    } catch (SdkException e) {
      throw new IOException("reading the content from S3 failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(String tenant, String sha256) throws IOException {
    try {
      s3.deleteObject(r -> r.bucket(settings.bucket()).key(key(tenant, sha256)));
    } catch (SdkException e) {
      throw new IOException("deleting the content from S3 failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String kind() {
    return "s3";
  }

  @Override
  public void close() {
    s3.close();
  }
}
