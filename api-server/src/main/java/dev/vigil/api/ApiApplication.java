package dev.vigil.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The API server on its own (workers run elsewhere, against the same Temporal and PostgreSQL). */
@SpringBootApplication(scanBasePackages = "dev.vigil.api.app")
@Import(ApiModule.class)
public class ApiApplication {

  public static void main(String[] args) {
    SpringApplication.run(ApiApplication.class, args);
  }
}
