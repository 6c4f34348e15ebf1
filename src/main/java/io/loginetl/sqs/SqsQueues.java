package io.loginetl.sqs;

import io.loginetl.config.StartupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Resolves queue URLs at startup, so a wrong name or endpoint fails fast with the setting to fix. */
public final class SqsQueues {

    /** 14 days, the longest SQS keeps a message (SQS's default is 4). */
    public static final String DLQ_RETENTION_SECONDS = "1209600";

    private static final Logger LOG = LoggerFactory.getLogger(SqsQueues.class);

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
        } catch (SdkException e) {
            throw startupFailure(e, endpoint);
        }
    }

    /**
     * The dead-letter queue's URL, creating the queue if it is missing. Parked messages keep their raw
     * body, ip and device_id in clear, so a new DLQ keeps them the longest SQS allows (14 days: time to
     * notice, fix and redrive) and is encrypted at rest with SQS-managed keys (SSE-SQS). An endpoint that
     * refuses encryption (older LocalStack) gets the queue without it; one that ignores it (ElasticMQ)
     * or an existing queue without it gets one WARN line; start-up never fails for either. An existing
     * queue is used as it is: its owner's attributes stand.
     */
    public static String createDeadLetterQueue(SqsClient sqs, String name, String endpoint) {
        String url;
        String encryption;
        try {
            url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
            encryption = "it has neither SqsManagedSseEnabled nor a KMS key";
        } catch (QueueDoesNotExistException missing) {
            try {
                url = create(sqs, name, true);
                encryption = "the endpoint ignored SqsManagedSseEnabled";
            } catch (AwsServiceException refused) {
                if (refused.statusCode() != 400) {
                    throw startupFailure(refused, endpoint);
                }
                // Whatever the 400 said, the attempt without encryption tells whether encryption was the problem
                url = createWithoutEncryption(sqs, name, endpoint);
                encryption = "the endpoint refused SqsManagedSseEnabled ("
                        + (refused.awsErrorDetails() == null ? "HTTP 400" : refused.awsErrorDetails().errorCode()) + ")";
            } catch (SdkException e) {
                throw startupFailure(e, endpoint);
            }
        } catch (SdkException e) {
            throw startupFailure(e, endpoint);
        }
        warnUnlessProtected(sqs, name, url, endpoint, encryption);
        return url;
    }

    private static String createWithoutEncryption(SqsClient sqs, String name, String endpoint) {
        try {
            return create(sqs, name, false);
        } catch (SdkException e) {
            throw startupFailure(e, endpoint);
        }
    }

    private static String create(SqsClient sqs, String name, boolean encrypted) {
        Map<QueueAttributeName, String> attributes = new EnumMap<>(QueueAttributeName.class);
        attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, DLQ_RETENTION_SECONDS);
        if (encrypted) {
            attributes.put(QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "true");
        }
        return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    }

    /** One WARN line when the DLQ is not encrypted at rest or keeps messages less than 14 days; never fails. */
    private static void warnUnlessProtected(SqsClient sqs, String name, String url, String endpoint, String encryption) {
        Map<QueueAttributeName, String> attributes;
        try {
            attributes = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                    QueueAttributeName.SQS_MANAGED_SSE_ENABLED, QueueAttributeName.KMS_MASTER_KEY_ID)).attributes();
        } catch (SdkException e) {
            LOG.info("Cannot read the attributes of dead-letter queue {} ({}): its retention and encryption are not checked",
                    name, e.getClass().getSimpleName());
            return;
        }
        List<String> gaps = new ArrayList<>();
        String kmsKey = attributes.get(QueueAttributeName.KMS_MASTER_KEY_ID);
        if (!"true".equalsIgnoreCase(attributes.get(QueueAttributeName.SQS_MANAGED_SSE_ENABLED))
                && (kmsKey == null || kmsKey.isBlank())) {
            gaps.add("is not encrypted at rest (" + encryption + ")");
        }
        String retention = attributes.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD);
        if (retention == null) {
            gaps.add("keeps messages as long as the endpoint does (it reports no MessageRetentionPeriod)");
        } else if (!retention.equals(DLQ_RETENTION_SECONDS)) {
            gaps.add("keeps messages " + retention + " s, not 14 days (" + DLQ_RETENTION_SECONDS + " s)");
        }
        if (!gaps.isEmpty()) {
            LOG.warn("Dead-letter queue {} at {} {}; it holds the raw ip and device_id of parked messages (README, Security)",
                    name, describe(endpoint), String.join(" and ", gaps));
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
