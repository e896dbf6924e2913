package dev.vigil.workflows.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The recorded histories the replay tests guard determinism with: listing them (each test names the
 * ones it must find), saving a new one once, waiting for a workflow to get there.
 */
public final class RecordedHistories {

  private RecordedHistories() {}

  /**
   * The {@code .json} histories of {@code dir}, sorted; fails unless {@code expected} are among
   * them.
   */
  public static Stream<Path> in(Path dir, String... expected) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files)
        .extracting(p -> p.getFileName().toString().replace(".json", ""))
        .contains(expected);
    return files.stream();
  }

  /** Whether {@code e}'s history ends by continuing as new. */
  public static boolean continued(WorkflowClient client, WorkflowExecution e) {
    var events = client.fetchHistory(e.getWorkflowId(), e.getRunId()).getEvents();
    return events.get(events.size() - 1).getEventType()
        == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW;
  }

  /**
   * Writes {@code e}'s history as {@code dir/name.json} unless that file exists (kept as recorded).
   */
  public static void save(WorkflowClient client, WorkflowExecution e, Path dir, String name)
      throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".json");
    if (!Files.exists(file)) {
      Files.writeString(file, client.fetchHistory(e.getWorkflowId(), e.getRunId()).toJson(true));
    }
  }

  /** Waits (real time, up to 30 s) for {@code condition}. */
  public static void await(BooleanSupplier condition) {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("condition not met within 30 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new AssertionError(ie);
      }
    }
  }
}
