package dev.vigil.api.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.system.ApiProperties;
import dev.vigil.api.system.ProblemHandler;
import dev.vigil.api.system.Public;
import dev.vigil.api.system.Requires;
import dev.vigil.store.identity.ApiKeyRepository;
import dev.vigil.store.identity.TenantRepository;
import dev.vigil.store.identity.UserRepository;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The filter chain: who the caller is, three ways. Cookie sessions (from {@code POST
 * /api/v1/auth/login}) with CSRF tokens on every state-changing call; {@code Authorization: Bearer
 * vgl_…} API keys; JWTs from an OpenID Connect provider when one is configured. Bearer calls carry
 * no cookies, so they need no CSRF token. What each caller may do is decided per endpoint by {@link
 * AuthorizationInterceptor}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

  public static final String LOGIN_PATH = "/api/v1/auth/login";

  /** Where Slack posts button clicks (verified by their signature, not by a sign-in). */
  public static final String SLACK_INTERACTIONS_PATH = "/api/v1/slack/interactions/";

  /** Stripe's webhook endpoint: Stripe signs its requests (Billing verifies the signature). */
  public static final String BILLING_WEBHOOK_PATH = "/api/v1/billing/webhook";

  static final String CODEC_PATH = "/api/v1/temporal/codec";
  public static final String CSRF_HEADER = "X-CSRF-Token";

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  CsrfTokenRepository csrfTokenRepository() {
    HttpSessionCsrfTokenRepository repo = new HttpSessionCsrfTokenRepository();
    repo.setHeaderName(CSRF_HEADER);
    return repo;
  }

  @Bean
  SecurityContextRepository securityContextRepository() {
    return new HttpSessionSecurityContextRepository();
  }

  @Bean
  AuthenticationManager bearerAuthentication(
      ApiKeyRepository keys,
      UserRepository users,
      TenantRepository tenants,
      SecurityProperties props) {
    List<AuthenticationProvider> providers = new ArrayList<>();
    providers.add(new ApiKeyAuthenticationProvider(keys, users));
    if (props.oidc().enabled()) {
      providers.add(JwtCallers.provider(props.oidc(), tenants));
    }
    return new ProviderManager(providers);
  }

  @Bean
  SecurityFilterChain filterChain(
      HttpSecurity http,
      AuthenticationManager bearerAuthentication,
      CsrfTokenRepository csrf,
      SecurityContextRepository contexts,
      ObjectMapper json)
      throws Exception {
    AuthenticationEntryPoint unauthenticated =
        (req, res, e) ->
            write(
                res,
                json,
                HttpStatus.UNAUTHORIZED,
                "unauthenticated",
                e instanceof org.springframework.security.authentication.ProviderNotFoundException
                    ? "only Vigil API keys (vgl_…) are accepted as bearer tokens here: no OpenID Connect provider is configured"
                    : e.getMessage() == null || e.getMessage().startsWith("Full authentication")
                        ? "sign in (POST "
                            + LOGIN_PATH
                            + ") or send Authorization: Bearer with an API key or token"
                        : e.getMessage());
    AccessDeniedHandler denied =
        (req, res, e) ->
            write(
                res,
                json,
                HttpStatus.FORBIDDEN,
                e instanceof CsrfException ? "csrf" : "forbidden",
                e instanceof CsrfException
                    ? "this session call needs the "
                        + CSRF_HEADER
                        + " header with the csrfToken from sign-in or GET /api/v1/me"
                    : e.getMessage());
    http.csrf(
            c ->
                c.csrfTokenRepository(csrf)
                    .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                    .ignoringRequestMatchers(
                        req -> {
                          String a = req.getHeader("Authorization");
                          return a != null && a.regionMatches(true, 0, "Bearer ", 0, 7);
                        })
                    .ignoringRequestMatchers(
                        req ->
                            "POST".equals(req.getMethod())
                                && LOGIN_PATH.equals(req.getServletPath()))
                    // the Temporal UI's codec calls change nothing; CORS admits only its origin
                    .ignoringRequestMatchers(req -> req.getServletPath().startsWith(CODEC_PATH))
                    // Slack signs its requests; no cookie is involved
                    .ignoringRequestMatchers(
                        req -> req.getServletPath().startsWith(SLACK_INTERACTIONS_PATH))
                    .ignoringRequestMatchers(
                        req -> BILLING_WEBHOOK_PATH.equals(req.getServletPath())))
        .cors(Customizer.withDefaults())
        .headers(h -> h.disable()) // SecurityHeadersFilter sets them, one way for every response
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .logout(l -> l.disable())
        .requestCache(r -> r.disable())
        .securityContext(s -> s.securityContextRepository(contexts))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
        .oauth2ResourceServer(
            o ->
                o.authenticationManagerResolver(req -> bearerAuthentication)
                    .authenticationEntryPoint(unauthenticated)
                    .accessDeniedHandler(denied))
        .exceptionHandling(
            e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
        .authorizeHttpRequests(
            a ->
                a.dispatcherTypeMatchers(
                        jakarta.servlet.DispatcherType.ASYNC, jakarta.servlet.DispatcherType.ERROR)
                    .permitAll() // the request itself was authorised (event streams, errors)
                    .requestMatchers(HttpMethod.POST, LOGIN_PATH)
                    .permitAll()
                    .requestMatchers(HttpMethod.POST, SLACK_INTERACTIONS_PATH + "*")
                    .permitAll()
                    .requestMatchers(HttpMethod.POST, BILLING_WEBHOOK_PATH)
                    .permitAll()
                    // a signed link is its own authorisation (FileLinks checks it)
                    .requestMatchers(HttpMethod.GET, dev.vigil.api.file.FileLinks.PATH + "*")
                    .permitAll()
                    .requestMatchers("/api/**")
                    .authenticated()
                    .anyRequest()
                    .permitAll());
    return http.build();
  }

  /**
   * CORS for the browser origins in {@code vigil.api.cors-origins} only (none by default), and for
   * the Temporal UI's origin on the codec endpoint.
   */
  @Bean
  CorsConfigurationSource corsConfigurationSource(ApiProperties props) {
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    String temporalUi = props.temporalUiOrigin();
    if (temporalUi != null) {
      // the Temporal UI decodes payloads in the browser, with the user's Vigil session
      CorsConfiguration c = new CorsConfiguration();
      c.setAllowedOrigins(List.of(temporalUi));
      c.setAllowedMethods(List.of("POST"));
      c.setAllowedHeaders(List.of("Content-Type", "Authorization", "X-Namespace"));
      c.setAllowCredentials(true);
      c.setMaxAge(600L);
      source.registerCorsConfiguration(CODEC_PATH + "/**", c);
    }
    if (!props.corsOrigins().isEmpty()) {
      CorsConfiguration c = new CorsConfiguration();
      c.setAllowedOrigins(props.corsOrigins());
      c.setAllowedMethods(List.of("GET", "POST", "PATCH"));
      c.setAllowedHeaders(List.of("Content-Type", "Authorization", CSRF_HEADER));
      c.setAllowCredentials(true);
      c.setMaxAge(600L);
      source.registerCorsConfiguration("/api/**", c);
    }
    return source;
  }

  /**
   * Refuses to start when an API endpoint says neither which permission it needs nor that it is
   * public.
   */
  @Bean
  ApplicationListener<ContextRefreshedEvent> everyEndpointHasAPermission() {
    return event -> {
      RequestMappingHandlerMapping mapping =
          event
              .getApplicationContext()
              .getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
      List<String> missing = new ArrayList<>();
      for (var e : mapping.getHandlerMethods().entrySet()) {
        RequestMappingInfo info = e.getKey();
        HandlerMethod hm = e.getValue();
        boolean api = info.getPatternValues().stream().anyMatch(p -> p.startsWith("/api/"));
        if (api
            && !hm.hasMethodAnnotation(Requires.class)
            && !hm.hasMethodAnnotation(Public.class)) {
          missing.add(info.toString());
        }
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("API endpoints without @Requires or @Public: " + missing);
      }
    };
  }

  private static void write(
      HttpServletResponse res, ObjectMapper json, HttpStatus status, String type, String detail)
      throws IOException {
    if (res.isCommitted()) {
      return;
    }
    res.setStatus(status.value());
    res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    if (status == HttpStatus.UNAUTHORIZED) {
      res.setHeader("WWW-Authenticate", "Bearer");
    }
    json.writeValue(
        res.getOutputStream(), ProblemHandler.problem(status, type, detail, null).getBody());
  }
}
