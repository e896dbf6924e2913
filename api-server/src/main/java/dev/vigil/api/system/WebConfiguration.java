package dev.vigil.api.system;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Registers the {@link Actor} argument resolver and CORS: cross-origin calls are allowed only from
 * the origins in {@code vigil.api.cors-origins} (none by default).
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration implements WebMvcConfigurer {

  private final ActorResolver actors;
  private final ApiProperties props;

  public WebConfiguration(ActorResolver actors, ApiProperties props) {
    this.actors = actors;
    this.props = props;
  }

  @Override
  public void addCorsMappings(
      org.springframework.web.servlet.config.annotation.CorsRegistry registry) {
    if (!props.corsOrigins().isEmpty()) {
      registry
          .addMapping("/api/**")
          .allowedOrigins(props.corsOrigins().toArray(String[]::new))
          .allowedMethods("GET", "POST")
          .allowedHeaders("Content-Type", Actor.USER_HEADER, Actor.ROLES_HEADER)
          .maxAge(600);
    }
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(actors);
  }
}
