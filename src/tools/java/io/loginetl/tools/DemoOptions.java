package io.loginetl.tools;

/** The demo's command line: how many messages, and whether to show the pipeline's whole log. */
record DemoOptions(int messages, boolean verbose) {

    /** What {@code demo --help} prints. */
    static final String USAGE = """
            usage: java -jar target/login-etl-tools.jar demo [N] [--verbose]
            Fills an embedded SQS server with N generated logins (1000), drains them with the real pipeline into the
            database login_etl_demo, and reports what was loaded and what was rejected.
              --verbose   the pipeline's whole log (Camel's and the libraries' INFO lines), not only warnings
            """;

    /**
     * @return the options, or null when help was asked for
     * @throws IllegalArgumentException naming what is wrong, as one line
     */
    static DemoOptions parse(String[] args) {
        Integer messages = null;
        boolean verbose = false;
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            } else if (arg.equals("--verbose") || arg.equals("-v")) {
                verbose = true;
            } else if (arg.startsWith("-") && !arg.matches("-\\d+")) {
                throw new IllegalArgumentException("unknown option " + arg + "; usage: demo [N] [--verbose]");
            } else if (messages != null) {
                throw new IllegalArgumentException("one number of messages, not " + messages + " and " + arg
                        + "; usage: demo [N] [--verbose]");
            } else {
                messages = count(arg);
            }
        }
        return new DemoOptions(messages == null ? 1000 : messages, verbose);
    }

    private static int count(String arg) {
        try {
            int n = Integer.parseInt(arg);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("N, the number of messages, must be a whole number of at least 1, not " + arg
                + "; usage: demo [N] [--verbose]");
    }
}
