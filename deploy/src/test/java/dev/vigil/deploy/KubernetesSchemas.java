package dev.vigil.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON schemas of Kubernetes objects, offline: the {@code schema/validation-schema.json} that every
 * fabric8 {@code kubernetes-model-*} jar (6.x, Maven Central) carries, merged. It is generated from
 * the Kubernetes API types and is what Eclipse JKube validates manifests with; this class makes it
 * as strict as kubeconform's {@code -strict}:
 *
 * <ul>
 *   <li>an object type that lists its properties accepts no others (fabric8 allows any), so a
 *       misspelt or misplaced field fails;
 *   <li>{@code Quantity} and {@code IntOrString}, which fabric8 models as Java objects, are what
 *       they are on the wire: a string or a number;
 *   <li>fabric8's draft-3 style {@code "required": true} on a property becomes a draft-7 {@code
 *       required} list, plus the fields the Kubernetes OpenAPI document marks required on the types
 *       the chart uses ({@link #KUBERNETES_REQUIRED}), which fabric8 does not carry.
 * </ul>
 */
final class KubernetesSchemas {

  /** Required fields from the Kubernetes API (OpenAPI "required") for the types the chart uses. */
  static final Map<String, List<String>> KUBERNETES_REQUIRED =
      Map.ofEntries(
          Map.entry("kubernetes_core_Container", List.of("name")),
          Map.entry("kubernetes_core_ContainerPort", List.of("containerPort")),
          Map.entry("kubernetes_core_EnvVar", List.of("name")),
          Map.entry("kubernetes_core_SecretKeySelector", List.of("key")),
          Map.entry("kubernetes_core_ConfigMapKeySelector", List.of("key")),
          Map.entry("kubernetes_core_PodSpec", List.of("containers")),
          Map.entry("kubernetes_core_Volume", List.of("name")),
          Map.entry("kubernetes_core_VolumeMount", List.of("name", "mountPath")),
          Map.entry("kubernetes_core_HTTPGetAction", List.of("port")),
          Map.entry("kubernetes_core_ServicePort", List.of("port")),
          Map.entry("kubernetes_apps_DeploymentSpec", List.of("selector", "template")),
          Map.entry(
              "kubernetes_autoscaling_v2_HorizontalPodAutoscalerSpec",
              List.of("scaleTargetRef", "maxReplicas")),
          Map.entry(
              "kubernetes_autoscaling_v2_CrossVersionObjectReference", List.of("kind", "name")),
          Map.entry("kubernetes_autoscaling_v2_MetricSpec", List.of("type")),
          Map.entry("kubernetes_autoscaling_v2_MetricTarget", List.of("type")),
          Map.entry("kubernetes_autoscaling_v2_MetricIdentifier", List.of("name")),
          Map.entry("kubernetes_networking_v1_HTTPIngressPath", List.of("pathType", "backend")),
          Map.entry("kubernetes_networking_v1_HTTPIngressRuleValue", List.of("paths")),
          Map.entry("kubernetes_networking_v1_IngressServiceBackend", List.of("name")),
          Map.entry("os_monitoring_v1_ServiceMonitorSpec", List.of("selector")));

  private final ObjectNode definitions;
  private final Map<String, String> byApiVersionAndKind = new HashMap<>();
  private final Map<String, Schema> compiled = new HashMap<>();
  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

  private KubernetesSchemas(ObjectNode definitions) {
    this.definitions = definitions;
    definitions
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode p = e.getValue().path("properties");
              String apiVersion = p.path("apiVersion").path("default").asText("");
              String kind = p.path("kind").path("default").asText("");
              if (!apiVersion.isEmpty() && !kind.isEmpty()) {
                byApiVersionAndKind.put(apiVersion + "/" + kind, e.getKey());
              }
            });
  }

  static KubernetesSchemas load() {
    ObjectNode merged = Yaml.JSON.createObjectNode();
    try {
      Enumeration<URL> urls =
          KubernetesSchemas.class.getClassLoader().getResources("schema/validation-schema.json");
      while (urls.hasMoreElements()) {
        try (InputStream in = urls.nextElement().openStream()) {
          merged.setAll((ObjectNode) Yaml.JSON.readTree(in).path("definitions"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (merged.isEmpty()) {
      throw new IllegalStateException(
          "no fabric8 schema/validation-schema.json on the test classpath");
    }
    tighten(merged);
    return new KubernetesSchemas(merged);
  }

  private static void tighten(ObjectNode defs) {
    // the modules name them differently (kubernetes_resource_Quantity, k8s_io_..._Quantity)
    List<String> names = new java.util.ArrayList<>();
    defs.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      if (name.endsWith("_Quantity")) {
        defs.set(name, scalar("string", "number"));
      } else if (name.endsWith("_IntOrString")) {
        defs.set(name, scalar("string", "integer"));
      }
    }
    Iterator<Map.Entry<String, JsonNode>> it = defs.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!(e.getValue() instanceof ObjectNode def) || !def.path("properties").isObject()) {
        continue;
      }
      ArrayNode required = Yaml.JSON.createArrayNode();
      def.path("properties")
          .fields()
          .forEachRemaining(
              p -> {
                if (p.getValue() instanceof ObjectNode prop && prop.path("required").isBoolean()) {
                  if (prop.remove("required").asBoolean()) {
                    required.add(p.getKey());
                  }
                }
              });
      KUBERNETES_REQUIRED.getOrDefault(e.getKey(), List.of()).forEach(required::add);
      if (!required.isEmpty()) {
        def.set("required", required);
      }
      if (!def.path("properties").isEmpty()) {
        def.put("additionalProperties", false);
      }
    }
  }

  private static ObjectNode scalar(String... types) {
    ObjectNode n = Yaml.JSON.createObjectNode();
    ArrayNode t = n.putArray("type");
    for (String type : types) {
      t.add(type);
    }
    return n;
  }

  /** Whether a schema exists for this apiVersion and kind. */
  boolean knows(String apiVersion, String kind) {
    return byApiVersionAndKind.containsKey(apiVersion + "/" + kind);
  }

  /** Errors of one manifest against the schema of its apiVersion and kind. */
  List<String> validate(JsonNode manifest) {
    String key = manifest.path("apiVersion").asText() + "/" + manifest.path("kind").asText();
    String def = byApiVersionAndKind.get(key);
    if (def == null) {
      return List.of("no schema for " + key);
    }
    Schema schema =
        compiled.computeIfAbsent(
            def,
            d -> {
              ObjectNode root = Yaml.JSON.createObjectNode();
              root.putArray("allOf").addObject().put("$ref", "#/definitions/" + d);
              root.set("definitions", definitions);
              return registry.getSchema(root);
            });
    return schema.validate(manifest).stream().map(Error::toString).toList();
  }
}
