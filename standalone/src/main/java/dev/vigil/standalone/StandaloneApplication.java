package dev.vigil.standalone;

import dev.vigil.api.ApiModule;
import dev.vigil.worker.WorkerModule;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * API server and worker in one Spring context (see {@link Standalone} for what starts around it).
 */
@SpringBootApplication(scanBasePackages = "dev.vigil.standalone.app")
@Import({ApiModule.class, WorkerModule.class})
public class StandaloneApplication {

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("secrets")) {
      System.exit(SecretsCommand.run(args, System.getenv(), System.out));
    }
    Standalone vigil = Standalone.start(StandaloneSettings.fromEnvironment(System.getenv()), args);
    Runtime.getRuntime().addShutdownHook(new Thread(vigil::close, "vigil-shutdown"));
  }
}
