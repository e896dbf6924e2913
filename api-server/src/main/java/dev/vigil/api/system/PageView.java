package dev.vigil.api.system;

import java.util.List;

/** A page of a list as the API returns it. */
public record PageView<T>(List<T> items, String nextCursor) {}
