# syntax=docker/dockerfile:1
# Vigil standalone: API + worker + embedded Temporal test service + embedded PostgreSQL in one JVM
# (the `./vigil run` of a container). Runs in flight live in memory and are lost when it stops:
# for durable runs use docker-compose.yml or the Helm chart. Build from the repository root:
#   docker build -f deploy/docker/standalone.Dockerfile -t vigil/standalone .
#   docker run -p 8080:8080 -v vigil-data:/data vigil/standalone

# Node 20 for the ui module (ui/pom.xml runs the machine's node and npm); only its files are copied.
FROM node:20-bookworm-slim AS node

FROM maven:3.9-eclipse-temurin-17 AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 --mount=type=cache,target=/root/.npm \
    mvn -B -pl standalone -am package -DskipTests

FROM eclipse-temurin:17-jre
# A fixed non-root uid/gid (10001) that Kubernetes' runAsNonRoot can check; /data, where the
# embedded PostgreSQL keeps its cluster, belongs to it; nmap for network scans.
RUN apt-get update && apt-get install -y --no-install-recommends nmap \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 vigil \
 && useradd --system --uid 10001 --gid vigil --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin vigil \
 && mkdir /data && chown 10001:10001 /data
WORKDIR /app
COPY --from=build /src/standalone/target/standalone-0.1.0-SNAPSHOT-exec.jar /app/vigil-standalone.jar
USER 10001:10001
# The embedded PostgreSQL cluster lives under VIGIL_DATA_DIR: keep it on a volume.
ENV VIGIL_DATA_DIR=/data \
    VIGIL_PORT=8080
VOLUME /data
EXPOSE 8080
# curl is part of the eclipse-temurin (Ubuntu) images.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=5 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${VIGIL_PORT}/actuator/health/readiness" || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-jar", "/app/vigil-standalone.jar"]
