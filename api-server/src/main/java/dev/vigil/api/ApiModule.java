package dev.vigil.api;

import dev.vigil.api.system.ApiProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

/**
 * The REST API as a building block (controllers, services, problem handling, store beans, Temporal
 * client). Used by {@link ApiApplication} and by the standalone app.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
// every package under dev.vigil.api is picked up; the stand-alone entry point is not a module part
@ComponentScan(
    basePackageClasses = ApiModule.class,
    excludeFilters =
        @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = ApiApplication.class))
public class ApiModule {}
