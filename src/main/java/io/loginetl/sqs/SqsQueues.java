package io.loginetl.sqs;

import io.loginetl.config.StartupException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.io.IOException;

/** Resolves queue URLs at startup, so a wrong name or endpoint fails fast with the setting to fix. */
public final class SqsQueues {

    private SqsQueues() {
    }

    public static String existing(SqsClient sqs, String name, String endpoint) {
        try {
            return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            throw new StartupException("SQS queue '" + name + "' does not exist at " + describe(endpoint)
                    + ": check SQS_QUEUE (sqs.queue) and SQS_ENDPOINT (sqs.endpoint)");
        } catch (SdkException e) {
            throw startupFailure(e, endpoint);
        }
    }

    public static String createIfMissing(SqsClient sqs, String name, String endpoint) {
        try {
            return sqs.createQueue(b -> b.queueName(name)).queueUrl();
        } catch (SdkException e) {
            throw startupFailure(e, endpoint);
        }
    }

    /**
     * The one line for an SQS call that failed at start-up, whichever code made it (our queue checks, or
     * Camel's aws2-sqs endpoint resolving its queue URL). Built from the status and AWS error code only,
     * never from the exception text.
     */
    public static StartupException startupFailure(SdkException failure, String endpoint) {
        String where = describe(endpoint);
        if (failure instanceof AwsServiceException service) {
            boolean custom = !where.equals("AWS");
            if (service.statusCode() >= 500 && custom) {
                // LocalStack before 3.0 knows only the query protocol and answers 500 to the JSON protocol
                // (application/x-amz-json-1.0, X-Amz-Target) that AWS SDKs have spoken since late 2023.
                return new StartupException("SQS at " + where + " answered HTTP " + service.statusCode()
                        + ", as servers do that do not speak the SQS JSON protocol of current AWS SDKs (LocalStack before 3.0,"
                        + " the take-home's image among them): use LocalStack 3 or later, or check SQS_ENDPOINT (sqs.endpoint)");
            }
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            return new StartupException("SQS at " + where + " refused the request: "
                    + (code == null || code.isBlank() ? "" : code + " ") + "(HTTP " + service.statusCode() + ")"
                    + ": check SQS_ENDPOINT (sqs.endpoint), SQS_REGION (sqs.region) and the credentials");
        }
        if (failure instanceof SdkClientException && hasIoCause(failure)) {
            return new StartupException("SQS is unreachable at " + where
                    + ": check SQS_ENDPOINT (sqs.endpoint) and SQS_REGION (sqs.region)");
        }
        return new StartupException("cannot call SQS at " + where + " (" + failure.getClass().getSimpleName()
                + "): check SQS_ENDPOINT (sqs.endpoint), SQS_REGION (sqs.region) and the credentials");
    }

    private static boolean hasIoCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(String endpoint) {
        return endpoint == null || endpoint.isBlank() ? "AWS" : endpoint.strip();
    }
}
