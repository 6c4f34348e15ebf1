package io.loginetl.bench;

/** Placeholder until the benchmark lands (issue 4). */
public final class Benchmark {
    private Benchmark() {
    }

    public static int run(String[] args) {
        System.err.println("benchmark: not built yet");
        return 2;
    }
}
