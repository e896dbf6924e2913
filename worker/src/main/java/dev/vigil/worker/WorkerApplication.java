package dev.vigil.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The Vigil worker on its own: hosts the playbook-run workflows and the action activities. */
@SpringBootApplication(scanBasePackages = "dev.vigil.worker.app")
@Import({WorkerModule.class, TemporalConnection.class})
public class WorkerApplication {

  public static void main(String[] args) {
    SpringApplication.run(WorkerApplication.class, args);
  }
}
