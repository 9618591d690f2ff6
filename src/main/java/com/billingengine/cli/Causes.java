package com.billingengine.cli;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/** An exception and its causes, outermost first; a cause chain that loops back is walked once. */
final class Causes {

    private Causes() {
    }

    static Stream<Throwable> of(Throwable e) {
        Set<Throwable> seen = new HashSet<>();
        return Stream.iterate(e, t -> t != null && seen.add(t), Throwable::getCause);
    }
}
