# Shared by the launchers in bin/ and bench/bin/: which java to run and with which flags.
# Source it; it defines BULWARK_HOME, BULWARK_JAVA and BULWARK_JVM_FLAGS.
#
# Java: $JAVA_HOME if set, else Temurin 25 when installed (ES256 verification is 2.5x faster
# there, see shared LAB-NOTES), else the `java` on PATH.
# Flags: the root pom's <bulwark.jvm.flags> (one source of truth for tests and launchers),
# plus $BULWARK_JAVA_OPTS.

BULWARK_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  BULWARK_JAVA="$JAVA_HOME/bin/java"
elif [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  BULWARK_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
else
  BULWARK_JAVA=java
fi

BULWARK_JVM_FLAGS=$(sed -n 's:.*<bulwark.jvm.flags>\(.*\)</bulwark.jvm.flags>.*:\1:p' "$BULWARK_HOME/pom.xml")
if [ -z "$BULWARK_JVM_FLAGS" ]; then
  echo "error: could not read <bulwark.jvm.flags> from $BULWARK_HOME/pom.xml" >&2
  exit 2
fi
BULWARK_JVM_FLAGS="$BULWARK_JVM_FLAGS ${BULWARK_JAVA_OPTS:-}"

# bulwark_classpath MODULE ARTIFACT: the module's jar plus its copied runtime dependencies,
# building them first when they are missing.
bulwark_classpath() {
  local module=$1 artifact=$2 jar
  jar=$(ls "$BULWARK_HOME/$module/target/$artifact"-*.jar 2>/dev/null | grep -v -e sources -e tests | head -n 1)
  if [ -z "$jar" ] || [ ! -d "$BULWARK_HOME/$module/target/lib" ]; then
    echo "building $module (first run) ..." >&2
    (cd "$BULWARK_HOME" && ./mvnw -B -q package -DskipTests -pl "$module" -am >&2) || {
      echo "error: build of $module failed; run ./mvnw -B package -DskipTests -pl $module -am to see why" >&2
      exit 2
    }
    jar=$(ls "$BULWARK_HOME/$module/target/$artifact"-*.jar | grep -v -e sources -e tests | head -n 1)
  fi
  echo "$jar:$BULWARK_HOME/$module/target/lib/*"
}
