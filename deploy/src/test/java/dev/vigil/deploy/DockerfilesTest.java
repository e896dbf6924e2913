package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * deploy/docker/*.Dockerfile: a Maven build stage, then a JRE-only image running the module's
 * executable jar as a non-root user with a health check.
 */
class DockerfilesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "deploy/docker/api.Dockerfile, api-server, 8080",
    "deploy/docker/worker.Dockerfile, worker, 8081",
    "deploy/docker/standalone.Dockerfile, standalone, 8080"
  })
  void buildsTheModuleThenRunsItOnAJreAsNonRoot(String file, String module, int port) {
    Dockerfile d = Dockerfile.read(file);
    assertThat(d.stages()).as("multi-stage").hasSizeGreaterThanOrEqualTo(2);

    Dockerfile.Stage build = d.stage("build");
    assertThat(build.image()).isEqualTo("maven:3.9-eclipse-temurin-17");
    assertThat(build.text()).contains("mvn -B -pl " + module + " -am package -DskipTests");

    Dockerfile.Stage run = d.last();
    assertThat(run.image()).as("final base").matches("eclipse-temurin:17-jre(-[a-z]+)?");
    assertThat(run.name()).isNull();
    String text = run.text();
    for (String tool : List.of("mvn", "npm", "node", "npx", "javac")) {
      assertThat(Pattern.compile("\\b" + tool + "\\b").matcher(text).find())
          .as(tool + " in the final stage")
          .isFalse();
    }
    assertThat(run.all("COPY"))
        .allSatisfy(c -> assertThat(c.arguments()).startsWith("--from=build "));

    List<Dockerfile.Instruction> users = run.all("USER");
    assertThat(users).isNotEmpty();
    String user = users.get(users.size() - 1).arguments();
    assertThat(user)
        .doesNotStartWith("root")
        .doesNotStartWith("0:")
        .isNotEqualTo("0")
        .startsWith("10001");
    assertThat(text).contains("--uid 10001");

    assertThat(run.all("HEALTHCHECK"))
        .singleElement()
        .satisfies(
            h ->
                assertThat(h.arguments())
                    .contains("CMD curl")
                    .contains("/actuator/health/readiness"));
    assertThat(run.all("EXPOSE"))
        .singleElement()
        .extracting(Dockerfile.Instruction::arguments)
        .isEqualTo(String.valueOf(port));

    String entrypoint = run.all("ENTRYPOINT").get(0).arguments();
    JsonNode argv = Yaml.parse(entrypoint);
    assertThat(argv.isArray()).as("exec form").isTrue();
    assertThat(argv.get(0).asText()).isEqualTo("java");
    assertThat(entrypoint).contains("-XX:MaxRAMPercentage=");

    // the jar copied is the one the module's build produces
    String jar =
        module
            + "/target/"
            + module
            + "-"
            + projectVersion()
            + "-"
            + execClassifier(module)
            + ".jar";
    assertThat(run.all("COPY"))
        .anySatisfy(c -> assertThat(c.arguments()).contains("/src/" + jar + " "));
    String target = run.all("COPY").get(0).arguments().split("\\s+")[2];
    assertThat(entrypoint).contains("\"" + target + "\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "deploy/docker/api.Dockerfile, api-server",
    "deploy/docker/worker.Dockerfile, worker",
    "deploy/docker/standalone.Dockerfile, standalone"
  })
  void theBuildStageHasNodeExactlyWhenTheModuleBuildsTheUi(String file, String module) {
    Dockerfile.Stage build = Dockerfile.read(file).stage("build");
    boolean needsUi = vigilDependencies(module).contains("ui");
    boolean hasNode =
        build.text().contains("/usr/local/bin/node") && build.text().contains("/usr/local/bin/npm");
    assertThat(hasNode).as(module + " depends on ui: " + needsUi).isEqualTo(needsUi);
  }

  @Test
  void theStandaloneImageKeepsItsDataInAVolume() {
    Dockerfile.Stage run = Dockerfile.read("deploy/docker/standalone.Dockerfile").last();
    assertThat(run.all("VOLUME"))
        .singleElement()
        .extracting(Dockerfile.Instruction::arguments)
        .isEqualTo("/data");
    assertThat(run.text()).contains("VIGIL_DATA_DIR=/data").contains("chown 10001:10001 /data");
  }

  @Test
  void theBuildContextLeavesOutBuildOutputsAndSecrets() {
    Set<String> ignored = new LinkedHashSet<>(List.of(Repo.read(".dockerignore").split("\n")));
    assertThat(ignored).contains("**/target", "**/node_modules", ".git", ".env");
  }

  static String projectVersion() {
    Matcher m =
        Pattern.compile("<artifactId>vigil-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Repo.read("pom.xml"));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  static String execClassifier(String module) {
    String pom = Repo.read(module + "/pom.xml");
    assertThat(pom)
        .contains("<artifactId>" + module + "</artifactId>")
        .contains("spring-boot-maven-plugin");
    Matcher m = Pattern.compile("<classifier>([^<]+)</classifier>").matcher(pom);
    assertThat(m.find()).as(module + " repackages with a classifier").isTrue();
    return m.group(1);
  }

  /** dev.vigil modules the module depends on, transitively. */
  static Set<String> vigilDependencies(String module) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> todo = new ArrayList<>(List.of(module));
    Pattern dep =
        Pattern.compile("<groupId>dev\\.vigil</groupId>\\s*<artifactId>([^<]+)</artifactId>");
    while (!todo.isEmpty()) {
      String m = todo.remove(0);
      String pom = Repo.read(m + "/pom.xml");
      // skip the parent reference at the top
      Matcher matcher = dep.matcher(pom.substring(pom.indexOf("</parent>")));
      while (matcher.find()) {
        if (seen.add(matcher.group(1))) {
          todo.add(matcher.group(1));
        }
      }
    }
    return seen;
  }
}
