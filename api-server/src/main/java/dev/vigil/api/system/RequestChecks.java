package dev.vigil.api.system;

import dev.vigil.store.system.PostgresText;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks of every API request before its handler binds anything: query parameters hold no NUL
 * character (a 422 pointing at the parameter; PostgreSQL text cannot hold it), and a handler that
 * reads a body gets JSON — declared as {@code application/json} or {@code application/*+json}, not
 * a wildcard such as {@code *}{@code /*} (a 415) — or one of the other types it declares it
 * consumes.
 */
@Component
public class RequestChecks implements HandlerInterceptor {

  private static final List<MediaType> JSON =
      List.of(MediaType.APPLICATION_JSON, new MediaType("application", "*+json"));

  @Override
  public boolean preHandle(HttpServletRequest req, HttpServletResponse res, Object handler)
      throws HttpMediaTypeNotSupportedException {
    for (Map.Entry<String, String[]> p : req.getParameterMap().entrySet()) {
      if (p.getKey().indexOf('\u0000') >= 0
          || Arrays.stream(p.getValue()).anyMatch(v -> v.indexOf('\u0000') >= 0)) {
        throw ApiException.invalid(
            "/" + p.getKey().replace("~", "~0").replace("/", "~1"),
            "parameter '"
                + PostgresText.clean(p.getKey())
                + "' contains a NUL character (%00), which cannot be stored or searched for");
      }
    }
    if (handler instanceof HandlerMethod m && readsBody(m)) {
      requireType(req.getContentType(), accepted(m));
    }
    return true;
  }

  private static boolean readsBody(HandlerMethod m) {
    return Arrays.stream(m.getMethodParameters())
        .anyMatch(p -> p.hasParameterAnnotation(RequestBody.class));
  }

  /** JSON, unless the handler declares other types it consumes (a Sigma rule in YAML). */
  private static List<MediaType> accepted(HandlerMethod m) {
    RequestMapping mapping =
        AnnotatedElementUtils.findMergedAnnotation(m.getMethod(), RequestMapping.class);
    if (mapping == null || mapping.consumes().length == 0) {
      return JSON;
    }
    List<MediaType> declared = MediaType.parseMediaTypes(List.of(mapping.consumes()));
    return declared.stream().anyMatch(t -> t.includes(MediaType.APPLICATION_JSON))
        ? JSON
        : declared;
  }

  private static void requireType(String contentType, List<MediaType> accepted)
      throws HttpMediaTypeNotSupportedException {
    if (contentType == null) {
      return; // no body: the handler decides whether it needs one
    }
    MediaType type;
    try {
      type = MediaType.parseMediaType(contentType);
    } catch (InvalidMediaTypeException e) {
      throw new HttpMediaTypeNotSupportedException(
          "Content-Type '" + contentType + "' is not a media type", accepted);
    }
    if (type.isWildcardType()
        || type.isWildcardSubtype() && !type.getSubtype().endsWith("+json")
        || accepted.stream().noneMatch(j -> j.includes(type))) {
      throw new HttpMediaTypeNotSupportedException(type, accepted);
    }
  }
}
