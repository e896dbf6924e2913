package dev.vigil.api.system;

import dev.vigil.api.identity.Actors;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Resolves the {@link Actor} parameter of controller methods: the authenticated caller. */
@Component
public class ActorResolver implements HandlerMethodArgumentResolver {

  private final Actors actors;

  public ActorResolver(Actors actors) {
    this.actors = actors;
  }

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
    return actors.current(web.getNativeRequest(HttpServletRequest.class));
  }
}
