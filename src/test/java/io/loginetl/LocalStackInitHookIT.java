package io.loginetl;

import io.loginetl.sqs.SqsClients;
import io.loginetl.support.ProjectFiles;
import io.loginetl.support.ShellCommand;
import io.loginetl.tools.EmbeddedSqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The LocalStack ready hook that docker-compose.yml mounts, run as LocalStack runs it but against
 * ElasticMQ: `awslocal` is the AWS CLI with the endpoint set, as it is inside LocalStack. Skipped
 * where bash or the AWS CLI is missing (DockerComposeFileTest still checks the hook's syntax).
 */
class LocalStackInitHookIT {

    private static EmbeddedSqs server;
    private static SqsClient sqs;

    @TempDir
    Path work;

    @BeforeAll
    static void startSqs() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no bash here");
        assumeTrue(ShellCommand.run(Map.of(), "aws", "--version").exitCode() == 0, "no AWS CLI here");
        server = EmbeddedSqs.start();
        sqs = SqsClients.create(server.endpoint(), "us-east-1", 4);
    }

    @AfterAll
    static void stopSqs() {
        if (server != null) {
            sqs.close();
            server.close();
        }
    }

    @Test
    void createsLoginQueueAndSendsEveryLineOfTheSample() throws Exception {
        ShellCommand.Result hook = runHook(Map.of("LOGIN_QUEUE_SAMPLE", ProjectFiles.SAMPLE.toString()));
        assertEquals(0, hook.exitCode(), hook.output());
        List<String> lines = Files.readAllLines(ProjectFiles.SAMPLE).stream().filter(l -> !l.isBlank()).sorted().toList();
        assertEquals(lines, drain("login-queue"), "login-queue holds each line of the sample once, byte for byte");
    }

    @Test
    void sendsLinesThatNeedEscapingUnchanged() throws Exception {
        List<String> tricky = List.of("{\"path\": \"C:\\\\temp\\\\\", \"quote\": \"say \\\"hi\\\"\"}", "ünïcödé ✓ and a tab-free 'quote'",
                "ends with a backslash \\", "$HOME `date` $(date) %s");
        Path sample = Files.write(work.resolve("tricky.jsonl"), tricky);
        ShellCommand.Result hook = runHook(Map.of("LOGIN_QUEUE", "tricky-queue", "LOGIN_QUEUE_SAMPLE", sample.toString()));
        assertEquals(0, hook.exitCode(), hook.output());
        assertEquals(tricky.stream().sorted().toList(), drain("tricky-queue"));
    }

    private ShellCommand.Result runHook(Map<String, String> env) throws Exception {
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path awslocal = Files.writeString(bin.resolve("awslocal"), "#!/bin/bash\nexec aws --endpoint-url \"$INIT_HOOK_SQS_ENDPOINT\" \"$@\"\n");
        assumeTrue(awslocal.toFile().setExecutable(true));
        Map<String, String> environment = new java.util.HashMap<>(env);
        environment.put("PATH", bin + ":" + System.getenv("PATH"));
        environment.put("INIT_HOOK_SQS_ENDPOINT", server.endpoint());
        return ShellCommand.run(environment, ProjectFiles.INIT_HOOK.toString());
    }

    private static List<String> drain(String queue) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        List<String> bodies = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            batch.forEach(m -> bodies.add(m.body()));
        } while (!batch.isEmpty());
        return bodies.stream().sorted().toList();
    }
}
