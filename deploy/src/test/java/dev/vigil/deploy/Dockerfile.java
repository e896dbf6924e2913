package dev.vigil.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Dockerfile as stages of instructions (continuations joined, comments dropped). */
record Dockerfile(List<Stage> stages) {

  record Instruction(String keyword, String arguments) {}

  record Stage(String image, String name, List<Instruction> instructions) {
    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    String text() {
      StringBuilder b = new StringBuilder();
      instructions.forEach(
          i -> b.append(i.keyword()).append(' ').append(i.arguments()).append('\n'));
      return b.toString();
    }
  }

  static Dockerfile read(String relative) {
    List<Stage> stages = new ArrayList<>();
    StringBuilder logical = new StringBuilder();
    for (String raw : Repo.read(relative).split("\n")) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && logical.isEmpty())) {
        continue;
      }
      if (line.endsWith("\\")) {
        logical.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      logical.append(line);
      String text = logical.toString().strip();
      logical.setLength(0);
      if (text.isEmpty()) {
        continue;
      }
      String[] parts = text.split("\\s+", 2);
      Instruction i =
          new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
      if (i.keyword().equals("FROM")) {
        String[] from = i.arguments().split("\\s+");
        String name = from.length >= 3 && from[1].equalsIgnoreCase("AS") ? from[2] : null;
        stages.add(new Stage(from[0], name, new ArrayList<>()));
      } else if (stages.isEmpty()) {
        throw new IllegalStateException(relative + ": " + i.keyword() + " before FROM");
      } else {
        stages.get(stages.size() - 1).instructions().add(i);
      }
    }
    return new Dockerfile(stages);
  }

  Stage last() {
    return stages.get(stages.size() - 1);
  }

  Stage stage(String name) {
    return stages.stream()
        .filter(s -> name.equals(s.name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no stage " + name));
  }
}
