package io.loginetl.sqs;

import io.loginetl.config.StartupException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** The URL of a queue that must exist: resolved at start-up, so a wrong name or endpoint fails with the setting to fix. */
public final class QueueUrls {

    private QueueUrls() {
    }

    /** {@code whatToCheck}: what the line says to fix when the queue does not exist ("SQS_QUEUE (sqs.queue)", a route). */
    public static String existing(SqsClient sqs, String name, String endpoint, String whatToCheck) {
        try {
            return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            throw new StartupException("SQS queue '" + name + "' does not exist at " + SqsFailures.endpointName(endpoint)
                    + ": check " + whatToCheck);
        } catch (SdkException e) {
            throw SqsFailures.startupFailure(e, endpoint);
        }
    }
}
