package io.loginetl.parking;

import io.loginetl.sqs.SqsFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The dead-letter queue, created at the first park if it is missing, with the retention and encryption parked PII needs. */
public final class DeadLetterQueueCreation {

    /** 14 days, the longest SQS keeps a message (SQS's default is 4). */
    public static final String DLQ_RETENTION_SECONDS = "1209600";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueueCreation.class);

    private DeadLetterQueueCreation() {
    }

    /**
     * The dead-letter queue's URL, creating the queue if it is missing. Parked messages keep their raw
     * body, ip and device_id in clear, so a new DLQ keeps them the longest SQS allows (14 days: time to
     * notice, fix and redrive) and is encrypted at rest with SQS-managed keys (SSE-SQS). An endpoint that
     * refuses encryption (older LocalStack) gets the queue without it; one that ignores it (ElasticMQ)
     * or an existing queue without it gets one WARN line; start-up never fails for either. An existing
     * queue is used as it is: its owner's attributes stand.
     */
    public static String urlCreatingIfMissing(SqsClient sqs, String name, String endpoint) {
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
                    throw SqsFailures.startupFailure(refused, endpoint);
                }
                // Whatever the 400 said, the attempt without encryption tells whether encryption was the problem
                url = createWithoutEncryption(sqs, name, endpoint);
                encryption = "the endpoint refused SqsManagedSseEnabled ("
                        + (refused.awsErrorDetails() == null ? "HTTP 400" : refused.awsErrorDetails().errorCode()) + ")";
            } catch (SdkException e) {
                throw SqsFailures.startupFailure(e, endpoint);
            }
        } catch (SdkException e) {
            throw SqsFailures.startupFailure(e, endpoint);
        }
        warnUnlessProtected(sqs, name, url, endpoint, encryption);
        return url;
    }

    private static String createWithoutEncryption(SqsClient sqs, String name, String endpoint) {
        try {
            return create(sqs, name, false);
        } catch (SdkException e) {
            throw SqsFailures.startupFailure(e, endpoint);
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
                    name, SqsFailures.endpointName(endpoint), String.join(" and ", gaps));
        }
    }
}
