package dev.vigil.api.system;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Resolves the {@link Actor} parameter of controller methods from the request headers. */
@Component
public class ActorResolver implements HandlerMethodArgumentResolver {

  private static final java.util.regex.Pattern USER =
      java.util.regex.Pattern.compile("^[A-Za-z0-9._@+-]{1,128}$");

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == Actor.class;
  }

  @Override
  public Object resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mav,
      NativeWebRequest web,
      WebDataBinderFactory binders) {
    HttpServletRequest req = web.getNativeRequest(HttpServletRequest.class);
    String user = req == null ? null : req.getHeader(Actor.USER_HEADER);
    if (user == null || user.isBlank()) {
      throw new ApiException(
          HttpStatus.UNAUTHORIZED,
          "unauthenticated",
          "who is calling? set the "
              + Actor.USER_HEADER
              + " header (and "
              + Actor.ROLES_HEADER
              + ")",
          null);
    }
    if (!USER.matcher(user.trim()).matches()) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "bad-request",
          Actor.USER_HEADER + " must be 1-128 letters, digits or ._@+-",
          null);
    }
    String roles = req.getHeader(Actor.ROLES_HEADER);
    List<String> list =
        roles == null
            ? List.of()
            : Arrays.stream(roles.split(","))
                .map(String::trim)
                .filter(r -> !r.isEmpty())
                .distinct()
                .toList();
    return new Actor(Actor.DEFAULT_TENANT, user.trim(), list);
  }
}
