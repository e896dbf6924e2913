package dev.vigil.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 blob store against S3Mock, an S3-compatible server in this JVM, via the AWS SDK. */
class S3BlobStoreIT {

  static S3MockApplication s3;
  static S3BlobStore store;

  @BeforeAll
  static void start(@TempDir Path root) {
    java.util.HashMap<String, Object> props =
        new java.util.HashMap<>(
            Map.of(
                S3MockApplication.PROP_HTTP_PORT,
                S3MockApplication.RANDOM_PORT,
                S3MockApplication.PROP_HTTPS_PORT,
                S3MockApplication.RANDOM_PORT,
                S3MockApplication.PROP_INITIAL_BUCKETS,
                "vigil-files",
                S3MockApplication.PROP_ROOT_DIRECTORY,
                root.toString(),
                S3MockApplication.PROP_SILENT,
                true));
    // this module's JDBC and Flyway are on the class path: S3Mock needs neither
    props.put(
        "spring.autoconfigure.exclude",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration,"
            + "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration,"
            + "org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration,"
            + "org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration,"
            + "org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration");
    s3 = S3MockApplication.start(props);
    store =
        new S3BlobStore(
            new S3BlobStore.Settings(
                "vigil-files",
                "prod/",
                "eu-west-1",
                "http://127.0.0.1:" + s3.getHttpPort(),
                true,
                "test-access",
                "test-secret",
                false));
  }

  @AfterAll
  static void stop() {
    store.close();
    s3.stop();
  }

  @Test
  void contentIsPutReadAndDeletedByItsHash(@TempDir Path tmp) throws Exception {
    String sha = "ab".repeat(32);
    Path f = Files.writeString(tmp.resolve("x"), "scan report bytes");
    store.put("acme", sha, f);
    try (InputStream in = store.open("acme", sha)) {
      assertThat(new String(in.readAllBytes())).isEqualTo("scan report bytes");
    }
    assertThatThrownBy(() -> store.open("beta", sha))
        .as("another tenant's key")
        .isInstanceOf(NoSuchFileException.class);
    store.delete("acme", sha);
    assertThatThrownBy(() -> store.open("acme", sha)).isInstanceOf(NoSuchFileException.class);
    store.delete("acme", sha); // deleting what is gone is harmless
  }

  @Test
  void keysAreNeverMadeFromUserInput() {
    assertThatThrownBy(() -> BlobStore.key("acme", "../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BlobStore.key("../acme", "ab".repeat(32)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(BlobStore.key("acme", "ab".repeat(32))).isEqualTo("acme/ab/" + "ab".repeat(32));
  }
}
