# syntax=docker/dockerfile:1
# Vigil worker (Temporal workers for every task queue + the detection consumer). Build from the
# repository root:
#   docker build -f deploy/docker/worker.Dockerfile -t vigil/worker .
# The worker does not include the web UI, so its build needs no Node.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -pl worker -am package -DskipTests

FROM eclipse-temurin:17-jre
# nmap for network scans (connect scans and discovery need no privileges); a fixed non-root
# uid/gid (10001) that Kubernetes' runAsNonRoot can check.
RUN apt-get update && apt-get install -y --no-install-recommends nmap \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 vigil \
 && useradd --system --uid 10001 --gid vigil --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin vigil \
 && mkdir -p /var/lib/vigil/files && chown -R 10001:10001 /var/lib/vigil
WORKDIR /app
COPY --from=build /src/worker/target/worker-0.1.0-SNAPSHOT-exec.jar /app/vigil-worker.jar
USER 10001:10001
ENV VIGIL_WORKER_PORT=8081
EXPOSE 8081
# curl is part of the eclipse-temurin (Ubuntu) images.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${VIGIL_WORKER_PORT}/actuator/health/readiness" || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-jar", "/app/vigil-worker.jar"]
