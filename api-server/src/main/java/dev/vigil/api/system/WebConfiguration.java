package dev.vigil.api.system;

import dev.vigil.api.identity.AuthorizationInterceptor;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Registers the {@link Actor} argument resolver, the per-endpoint permission check and the request
 * checks.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration implements WebMvcConfigurer {

  private final ActorResolver actors;
  private final AuthorizationInterceptor authorization;
  private final RequestChecks checks;

  public WebConfiguration(
      ActorResolver actors, AuthorizationInterceptor authorization, RequestChecks checks) {
    this.actors = actors;
    this.authorization = authorization;
    this.checks = checks;
  }

  /** Permissions first (a caller who may not call learns nothing more), then the input checks. */
  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(authorization).addPathPatterns("/api/**");
    registry.addInterceptor(checks).addPathPatterns("/api/**");
  }

  /**
   * The web UI's routes load the single-page app (served from {@code static/}); the app then
   * renders the route itself. {@code /} is Spring Boot's welcome page, the same file.
   */
  @Override
  public void addViewControllers(
      org.springframework.web.servlet.config.annotation.ViewControllerRegistry registry) {
    for (String route : UI_ROUTES) {
      registry.addViewController(route).setViewName("forward:/index.html");
    }
  }

  /** Every route of the web UI ({@code ui/src/app/app.tsx}; a test keeps the two in step). */
  static final List<String> UI_ROUTES =
      List.of(
          "/approvals",
          "/runs",
          "/runs/{runId}",
          "/playbooks",
          "/playbooks/new",
          "/playbooks/{key}",
          "/dashboard",
          "/incidents",
          "/incidents/{id}",
          "/alerts",
          "/alerts/{id}",
          "/events",
          "/scans",
          "/scans/{id}",
          "/downloads",
          "/downloads/{id}",
          "/detections",
          "/detections/new",
          "/detections/sigma",
          "/detections/{key}",
          "/sources",
          "/wazuh",
          "/wazuh/{connection}",
          "/wazuh/{connection}/agents/{id}",
          "/nodes",
          "/settings/integrations",
          "/settings/access",
          "/settings/tenant",
          "/settings/notifications",
          "/settings/billing");

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(actors);
  }
}
