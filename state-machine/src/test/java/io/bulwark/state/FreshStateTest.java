package io.bulwark.state;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of tests that need an empty state per test. Opening is cheap after the JVM's first
 * Chronicle Map (which pays ~2.5 s of class generation once), so isolation costs little.
 */
abstract class FreshStateTest {
    protected BulwarkState state;

    @BeforeEach
    void openState() {
        state = BulwarkState.open(TestCommands.smallConfig());
    }

    @AfterEach
    void closeState() {
        state.close();
    }
}
