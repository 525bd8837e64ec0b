# The toggler's image: the CronJob container that runs one start, stop or reconcile, then exits.
# Built where a Docker engine runs (CI with Docker, a workstation), from the repository root after
# `mvn -B package`:
#   docker build -f deploy/docker/toggler-job.Dockerfile -t cfmr/toggler-job:dev .
FROM eclipse-temurin:17-jre

# A fixed, non-root user (the broker's CronJobs run as 65532 with a read-only root filesystem).
RUN useradd --system --uid 65532 --no-create-home --shell /usr/sbin/nologin toggler

WORKDIR /app
COPY toggler-job/target/toggler-job.jar /app/toggler-job.jar

# JVM flags for a one-shot run of about a second, each measured by bench/toggler-cold-start (which
# reads this line): C1 only and the serial collector (C2 and a concurrent collector cost start-up
# time and memory a short run never earns back), a small heap, stack and code cache, unpooled
# Netty buffers, no perf-data file. Together with the archive below: about half the time and
# two thirds of the memory of a plain `java -jar` (README, "Benchmarks").
ENV JVM_TUNING="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms16m -Xmx64m -Xss256k -XX:ReservedCodeCacheSize=16m -XX:CICompilerCount=1 -XX:MetaspaceSize=64m -XX:-UsePerfData -Dio.netty.allocator.type=unpooled"

# Class-data sharing archive, made by a training run in this very image (an archive only serves the
# JVM build that wrote it): one real start against a canned Cloud Controller served in-process.
RUN java -XX:ArchiveClassesAtExit=/app/toggler-job.jsa $JVM_TUNING \
      -cp /app/toggler-job.jar io.cfmr.toggler.training.TrainingRun

USER 65532
# The flags live in the image, not in the CronJobs the broker writes, which run plain
# `java -jar /app/toggler-job.jar reconcile ...`. The launcher notes the variable on stderr.
ENV JDK_JAVA_OPTIONS="-XX:SharedArchiveFile=/app/toggler-job.jsa $JVM_TUNING"
ENTRYPOINT ["java", "-jar", "/app/toggler-job.jar"]
CMD ["--help"]
