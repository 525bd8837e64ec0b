# The broker's image: the Open Service Broker (deploy/base/broker-deployment.yaml, image `cfmr/broker`).
# Built where a Docker engine runs (CI with Docker, a workstation), from the repository root after
# `mvn -B package`:
#   docker build -f deploy/docker/broker.Dockerfile -t cfmr/broker:dev .
FROM eclipse-temurin:17-jre

# A fixed, non-root user; the pod spec runs it with a read-only root filesystem and /tmp on an
# emptyDir.
RUN useradd --system --uid 65532 --no-create-home --shell /usr/sbin/nologin broker

WORKDIR /app
COPY broker/target/broker.jar /app/broker.jar

USER 65532
# A long-running service: the default JIT and collector. The heap follows the container's memory
# limit (512Mi in the Deployment).
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/broker.jar"]
