package io.loginetl.tools;

/**
 * The benchmark's ElasticMQ, in a JVM of its own so that the server's CPU is measured apart from the
 * benchmark's: prints "sqs-server: ENDPOINT" once it listens and stops when its stdin closes.
 */
public final class SqsServerMain {

    private SqsServerMain() {
    }

    public static void main(String[] args) throws Exception {
        try (EmbeddedSqs server = EmbeddedSqs.start()) {
            System.out.println("sqs-server: " + server.endpoint());
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        System.exit(0);
    }
}
