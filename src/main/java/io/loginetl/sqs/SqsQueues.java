package io.loginetl.sqs;

import io.loginetl.config.StartupException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** Resolves queue URLs at startup, so a wrong name or endpoint fails fast with the setting to fix. */
public final class SqsQueues {

    private SqsQueues() {
    }

    public static String existing(SqsClient sqs, String name, String endpoint) {
        return existing(sqs, name, endpoint, "SQS_QUEUE (sqs.queue) and SQS_ENDPOINT (sqs.endpoint)");
    }

    /** As above, for a queue named elsewhere than sqs.queue: {@code whatToCheck} is what the error says to fix. */
    public static String existing(SqsClient sqs, String name, String endpoint, String whatToCheck) {
        try {
            return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            throw new StartupException("SQS queue '" + name + "' does not exist at " + describe(endpoint)
                    + ": check " + whatToCheck);
        } catch (SdkClientException e) {
            throw new StartupException("SQS is unreachable at " + describe(endpoint)
                    + ": check SQS_ENDPOINT (sqs.endpoint) and SQS_REGION (sqs.region)");
        }
    }

    public static String createIfMissing(SqsClient sqs, String name) {
        return sqs.createQueue(b -> b.queueName(name)).queueUrl();
    }

    private static String describe(String endpoint) {
        return endpoint == null || endpoint.isBlank() ? "AWS" : endpoint.strip();
    }
}
