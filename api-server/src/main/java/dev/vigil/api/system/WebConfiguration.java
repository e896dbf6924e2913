package dev.vigil.api.system;

import dev.vigil.api.identity.AuthorizationInterceptor;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers the {@link Actor} argument resolver and the per-endpoint permission check. */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration implements WebMvcConfigurer {

  private final ActorResolver actors;
  private final AuthorizationInterceptor authorization;

  public WebConfiguration(ActorResolver actors, AuthorizationInterceptor authorization) {
    this.actors = actors;
    this.authorization = authorization;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(authorization).addPathPatterns("/api/**");
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(actors);
  }
}
