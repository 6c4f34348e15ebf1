# login-etl image: `docker build -t login-etl .`, or `docker compose up --build` (see docker-compose.yml).
#
#   docker run --rm login-etl keygen                 print a new MASK_KEY
#   docker run --rm -e MASK_KEY=... -e SQS_ENDPOINT=... -e DB_URL=... login-etl
#   docker run ... -v "$PWD/routes:/app/routes:ro" login-etl   changed routes, no rebuild
#
# Every setting of application.properties can be overridden by an environment variable
# (SQS_QUEUE for sqs.queue, DB_PASSWORD_FILE for db.password-file, ...).

# ---- build: the shaded jar --------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build

# Dependencies first: this layer is rebuilt only when pom.xml changes, not on every source edit.
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline

# Then the sources. The pom packs application.properties into the jar as the defaults, and
# -DskipTests still compiles the tests, so both are needed here.
COPY application.properties ./
COPY src ./src
RUN mvn -B -q package -DskipTests

# ---- runtime ------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre

# curl for the health check in docker-compose.yml: not every eclipse-temurin tag ships it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*

# An unprivileged user; the application files stay owned by root, so the process cannot change them.
RUN groupadd --system --gid 10001 loginetl \
 && useradd --system --uid 10001 --gid loginetl --no-create-home --home-dir /app \
        --shell /usr/sbin/nologin loginetl

# The working directory is where login-etl looks for routes/*.camel.yaml and application.properties:
# mount a volume over /app/routes (or /app/application.properties) to change them without a rebuild.
WORKDIR /app
COPY --from=build /build/target/login-etl.jar /app/login-etl.jar
COPY routes/ /app/routes/
COPY application.properties /app/application.properties

USER 10001:10001

# Management port: health at /observe/health, Prometheus metrics at /observe/metrics. Outside a container
# it listens on loopback only (camel.management.host); in one it must listen on every interface of the
# container, or neither Kubernetes probes nor a published port reach it.
ENV CAMEL_MANAGEMENT_HOST=0.0.0.0
EXPOSE 9876

# Exec form: java is PID 1 and gets SIGTERM itself, so `docker stop` shuts Camel down gracefully
# (allow it camel.main.shutdown-timeout seconds: see stop_grace_period in docker-compose.yml).
# ExitOnOutOfMemoryError: out of memory, the process ends (and is restarted) rather than limping on; login-etl
# also halts by itself on one (FatalErrors), this only makes it certain and immediate.
ENTRYPOINT ["java","-XX:MaxRAMPercentage=75","-XX:+ExitOnOutOfMemoryError","-jar","/app/login-etl.jar"]
