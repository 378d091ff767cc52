package io.bulwark.chaos.scenario;

import com.github.dockerjava.api.exception.NotFoundException;
import io.bulwark.chaos.workload.ChaosSeeds;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.DockerClientFactory;

/** What the scenarios share: the image under test, the matrix bounds, where reports go. */
final class ChaosImage {
    /** Reports land in chaos-tests/target/chaos/&lt;run&gt;/ (surefire runs in the module directory). */
    static final Path REPORTS = Path.of("target", "chaos");

    private ChaosImage() {
    }

    /** The node image ({@code -Dbulwark.chaos.image}); fails with a how-to when Docker does not have it. */
    static String require() {
        DockerRequired.Condition.requireDocker();
        String image = System.getProperty("bulwark.chaos.image", "bulwark-node:dev");
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw new IllegalStateException("Docker has no image " + image + ": build it with chaos-tests/bin/run-chaos, "
                    + "or deploy/bin/make-base-image && deploy/bin/build-node-image " + image);
        }
        return image;
    }

    /** Seconds of workload per scenario ({@code -Dbulwark.chaos.seconds}, default 20, at most 600). */
    static int seconds() {
        int s = Integer.parseInt(System.getProperty("bulwark.chaos.seconds", "20").trim());
        if (s < 1 || s > 600) {
            throw new IllegalArgumentException("bulwark.chaos.seconds must be 1-600, was " + s);
        }
        return s;
    }

    /** Nodes per cluster ({@code -Dbulwark.chaos.nodes}, 3 or 5; default 3). */
    static int nodes() {
        return Integer.parseInt(System.getProperty("bulwark.chaos.nodes", "3").trim());
    }

    /**
     * The seeds each nemesis runs with: {@code -Dbulwark.chaos.seed} alone when set (to reproduce a run),
     * otherwise {@code -Dbulwark.chaos.seeds} fresh ones (default 1).
     */
    static List<Long> seeds() {
        String count = System.getProperty("bulwark.chaos.seeds", "1").trim();
        return ChaosSeeds.choose(System.getProperty("bulwark.chaos.seed", ""), Integer.parseInt(count.isEmpty() ? "1" : count),
                new SecureRandom()::nextLong);
    }

        /** The nemeses to run ({@code -Dbulwark.chaos.nemeses=a,b}); empty means every one in {@code all}. */
    static List<String> selected(List<String> all) {
        String text = System.getProperty("bulwark.chaos.nemeses", "").trim();
        if (text.isEmpty()) {
            return all;
        }
        List<String> chosen = new ArrayList<>();
        for (String name : text.split(",")) {
            if (!name.isBlank()) {
                chosen.add(name.trim());
            }
        }
        return chosen;
    }
}
