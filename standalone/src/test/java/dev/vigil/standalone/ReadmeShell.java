package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs README shell lines: {@code curl} with -s, -X, -H, -d, --data @file, -c/-b cookie jars and a
 * URL; {@code NAME=$(curl … | sed 's/REGEX/\\1/')} captures; {@code $NAME} expansion.
 */
public final class ReadmeShell {

  static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private final Api api;
  final java.util.Map<String, String> vars = new java.util.HashMap<>();
  final java.util.Map<String, String> jars = new java.util.HashMap<>();

  ReadmeShell(Api api) {
    this.api = api;
  }

  /** The {@code sh} lines (not comments) of the first block after {@code heading} in the README. */
  static List<String> block(String heading) {
    String readme = read(REPO.resolve("README.md"));
    Matcher m =
        Pattern.compile(Pattern.quote(heading) + ".*?```sh\\n(.*?)```", Pattern.DOTALL)
            .matcher(readme);
    assertThat(m.find()).as("README has " + heading).isTrue();
    return java.util.Arrays.stream(m.group(1).split("\n"))
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .toList();
  }

  Api.Res run(String line) {
    Matcher capture = Pattern.compile("^([A-Z_]+)=\\$\\((.*)\\)$").matcher(line);
    String cmd = capture.matches() ? capture.group(2) : line;
    String sed = null;
    Matcher pipe = Pattern.compile("^(.*?)\\s*\\|\\s*sed '(.*)'$").matcher(cmd);
    if (pipe.matches()) {
      cmd = pipe.group(1);
      sed = pipe.group(2);
    }
    for (var v : vars.entrySet()) {
      cmd = cmd.replace("$" + v.getKey(), v.getValue());
    }
    Api.Res res = curl(cmd);
    if (capture.matches()) {
      assertThat(sed).as("captures go through sed").isNotNull();
      String regex =
          sed.substring(2, sed.lastIndexOf("/", sed.length() - 2))
              .replace("\\(", "(")
              .replace("\\)", ")");
      Matcher m = Pattern.compile(regex).matcher(res.text());
      assertThat(m.matches()).as(line + " -> " + res.text()).isTrue();
      vars.put(capture.group(1), m.group(1));
    }
    return res;
  }

  Api.Res curl(String cmd) {
    List<String> tokens = new ArrayList<>();
    Matcher m = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(cmd);
    while (m.find()) {
      tokens.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
    }
    assertThat(tokens.get(0)).isEqualTo("curl");
    String method = "GET";
    String url = null;
    String body = null;
    String saveJar = null;
    List<String[]> headers = new ArrayList<>();
    for (int i = 1; i < tokens.size(); i++) {
      String t = tokens.get(i);
      switch (t) {
        case "-s" -> {}
        case "-X" -> method = tokens.get(++i);
        case "-H" -> headers.add(tokens.get(++i).split(":\\s*", 2));
        case "-c" -> saveJar = tokens.get(++i);
        case "-b" -> headers.add(new String[] {"Cookie", jars.get(tokens.get(++i))});
        case "-d", "--data", "--data-binary" -> {
          String d = tokens.get(++i);
          body = d.startsWith("@") ? read(REPO.resolve(d.substring(1))) : d;
          if (method.equals("GET")) {
            method = "POST";
          }
        }
        default -> url = t;
      }
    }
    assertThat(url).startsWith("localhost:8080/");
    var raw = api.sendRaw(method, url.substring("localhost:8080".length()), headers, body);
    if (saveJar != null) {
      String cookie =
          raw.headers().allValues("set-cookie").stream()
              .map(c -> c.substring(0, c.indexOf(';')))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no cookie from " + cmd));
      jars.put(saveJar, cookie);
    }
    return api.toRes(raw);
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
