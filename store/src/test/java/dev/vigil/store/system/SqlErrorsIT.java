package dev.vigil.store.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.store.run.RunRecord;
import dev.vigil.store.run.RunRepository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** What is logged of a failed write names the failure, not the data that was written. */
class SqlErrorsIT {

  static final HikariDataSource db = TestDatabase.fresh();

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void aRedactedErrorKeepsTheSqlStateAndStackButNotTheData() {
    Throwable e =
        catchThrowable(
            () ->
                new RunRepository(db)
                    .insert(
                        new RunRecord(
                            "default",
                            "r-1",
                            "run/default/r-1",
                            "pb",
                            1,
                            "running",
                            "live",
                            Map.of("secret-ish", "top-secret-value\u0000"),
                            null,
                            null,
                            "ana",
                            Instant.now(),
                            null)));
    assertThat(e).isNotNull();
    assertThat(stack(e)).as("the raw error quotes the data").contains("top-secret-value");

    Throwable logged = SqlErrors.redacted(e);
    String text = stack(logged);
    assertThat(text)
        .contains("SQLState 22P05")
        .contains("unsupported Unicode escape sequence")
        .contains("RunRepository.insert")
        .doesNotContain("top-secret-value")
        .doesNotContain("secret-ish")
        .doesNotContain("insert into");
    assertThat(SqlErrors.redacted(new IllegalStateException("x")).getMessage()).isEqualTo("x");
  }

  private static String stack(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
