package dev.vigil.api.system;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The plan module an endpoint (or every endpoint of a controller) belongs to: a tenant whose plan
 * does not enable it is refused with a 402 problem naming the plan that does. Checked after the
 * permission, so a caller who may not call learns nothing about the plan.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface PlanModule {
  /** One of {@code dev.vigil.store.billing.Plans#MODULES}. */
  String value();
}
