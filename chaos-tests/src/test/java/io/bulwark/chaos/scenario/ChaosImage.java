package io.bulwark.chaos.scenario;

import com.github.dockerjava.api.exception.NotFoundException;
import java.nio.file.Path;
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
