package io.loginetl.tools;

import io.loginetl.LoginEtl;

import java.util.Arrays;

/**
 * login-etl-tools.jar: the demo, the benchmark and a local SQS server, which carry an embedded SQS server
 * (ElasticMQ) that production never needs. Every other command is the production jar's own.
 */
public final class Tools {

    private Tools() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "";
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
        System.exit(switch (command) {
            case "demo" -> Demo.run(rest);
            case "benchmark" -> Benchmark.run(rest);
            case "sqs-server" -> SqsServer.run(rest);
            default -> LoginEtl.run(args);
        });
    }
}
