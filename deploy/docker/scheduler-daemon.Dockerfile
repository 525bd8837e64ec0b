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

USER 65532
# A long-running service: the default JIT and collector. The heap follows the container's memory
# limit (512Mi in the Deployment).
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 9090
ENTRYPOINT ["java", "-jar", "/app/scheduler-daemon.jar"]
# The Deployment passes its own arguments; run bare, the image shows the usage.
CMD ["--help"]
