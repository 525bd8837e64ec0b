# The scheduler daemon's image (deploy/overlays/daemon, image `cfmr/scheduler-daemon`).
# Built where a Docker engine runs (CI with Docker, a workstation), from the repository root after
# `mvn -B package`:
#   docker build -f deploy/docker/scheduler-daemon.Dockerfile -t cfmr/scheduler-daemon:dev .
FROM eclipse-temurin:17-jre

# A fixed, non-root user; the pod spec runs it with a read-only root filesystem and /tmp on an
# emptyDir.
RUN useradd --system --uid 65532 --no-create-home --shell /usr/sbin/nologin scheduler

WORKDIR /app
COPY scheduler-daemon/target/scheduler-daemon.jar /app/scheduler-daemon.jar

# The client compiler only (TieredStopAtLevel=1): the daemon idles between firings and toggles at
# most --max-toggles-per-second, so the optimising compiler's work never pays back; without it the
# daemon starts and loads its schedules in two thirds of the time, with less memory, and only a
# long run of toggles costs more CPU each (docs/daemon-sizing.md has both sets of figures). The
# serial collector (what the JVM picks in a small container anyway, said here so that every node
# runs the same). The heap is 60% of the container's memory limit, the rest for metaspace, code and
# Netty's buffers; docs/daemon-sizing.md has the measurements and the formula behind the
# Deployment's memory. It starts at 20% of the limit: grown from the JVM's default of 1/64, loading
# ten thousand schedules stopped for some 70 collections (four of them full) on the way, and took a
# quarter of a second longer. The line is read by bench/daemon-scale.
ENV JVM_TUNING="-XX:TieredStopAtLevel=1 -XX:InitialRAMPercentage=20 -XX:MaxRAMPercentage=60 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"

# Class-data sharing archive, made by a training run in this very image (an archive only serves the
# JVM build that wrote it): the daemon started as the daemon overlay runs it, against a canned
# Kubernetes API and Cloud Controller served in-process, until it has reconciled its apps. Classes
# then load from the archive, parsed and verified: a start loads ten thousand schedules in about a
# fifth less time (README, "Benchmarks").
RUN java -XX:ArchiveClassesAtExit=/app/scheduler-daemon.jsa $JVM_TUNING \
      -cp /app/scheduler-daemon.jar io.cfmr.daemon.training.TrainingRun

USER 65532
ENV JDK_JAVA_OPTIONS="-XX:SharedArchiveFile=/app/scheduler-daemon.jsa $JVM_TUNING"
EXPOSE 9090
ENTRYPOINT ["java", "-jar", "/app/scheduler-daemon.jar"]
# The Deployment passes its own arguments; run bare, the image shows the usage.
CMD ["--help"]
