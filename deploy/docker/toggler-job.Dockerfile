# The toggler's image: the CronJob container that runs one start, stop or reconcile, then exits.
# Built where a Docker engine runs (CI with Docker, a workstation), from the repository root after
# `mvn -B package`:
#   docker build -f deploy/docker/toggler-job.Dockerfile -t cfmr/toggler-job:dev .
FROM eclipse-temurin:17-jre

# A fixed, non-root user; the pod spec runs it with a read-only root filesystem.
RUN useradd --system --uid 65532 --no-create-home --shell /usr/sbin/nologin toggler

WORKDIR /app
COPY toggler-job/target/toggler-job.jar /app/toggler-job.jar

# Class-data sharing archive, made by a training run in this very image (an archive only serves the
# JVM build that wrote it). The training run toggles against an address that refuses connections,
# which still loads the CF client, Reactor Netty and Jackson classes the real run needs; it fails
# with exit code 5 by design. See README "Benchmarks" for what this buys.
RUN CF_API=http://127.0.0.1:9 CF_CLIENT_ID=training CF_CLIENT_SECRET=training \
      java -XX:ArchiveClassesAtExit=/app/toggler-job.jsa -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
      -jar /app/toggler-job.jar start --app-guid 00000000-0000-0000-0000-000000000000 --timeout 1s \
      || test $? -eq 5

USER 65532
# The JVM flags live in the image, not in the CronJobs the broker writes, which run plain
# `java -jar /app/toggler-job.jar reconcile ...`: the archive above, C1 only and the serial collector
# (a one-shot run of a second or two gains nothing from C2 or a concurrent collector, and both cost
# start-up time and memory). The launcher notes the variable on stderr once per run.
ENV JDK_JAVA_OPTIONS="-XX:SharedArchiveFile=/app/toggler-job.jsa -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -XX:MaxRAMPercentage=75"
ENTRYPOINT ["java", "-jar", "/app/toggler-job.jar"]
CMD ["--help"]
