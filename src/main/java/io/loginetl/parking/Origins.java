package io.loginetl.parking;

import io.loginetl.observability.PipelineMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.util.concurrent.atomic.AtomicBoolean;

/** The {@link Origin} of a received exchange, decided once per exchange, from the headers the aws2-sqs consumer set. */
public class Origins {

    /** The SQS system attribute the route asks for (attributeNames=SentTimestamp); a header of that name. */
    public static final String SENT_TIMESTAMP = MessageSystemAttributeName.SENT_TIMESTAMP.toString();
    private static final String PROPERTY = "LoginEtlOrigin";
    private static final Logger LOG = LoggerFactory.getLogger(Origins.class);

    private final RedriveSeal seal;
    private final PipelineMetrics metrics;
    private final AtomicBoolean rejectionLogged = new AtomicBoolean();

    public Origins(RedriveSeal seal, PipelineMetrics metrics) {
        this.seal = seal;
        this.metrics = metrics;
    }

    public RedriveSeal seal() {
        return seal;
    }

    /** {@code body}: the body as received (the route may have replaced the exchange's body by now). */
    public Origin of(Exchange exchange, String body) {
        Origin known = exchange.getProperty(PROPERTY, Origin.class);
        if (known != null) {
            return known;
        }
        Message message = exchange.getMessage();
        Origin origin = Origin.of(seal, message.getHeader(Sqs2Constants.MESSAGE_ID, String.class),
                message.getHeader(SENT_TIMESTAMP, String.class),
                message.getHeader(DeadLetterQueue.SOURCE_MESSAGE_ID, String.class),
                message.getHeader(DeadLetterQueue.SOURCE_SENT_TIMESTAMP, String.class),
                message.getHeader(DeadLetterQueue.SOURCE_SEAL, String.class), body);
        if (origin.claim() == Origin.Claim.REJECTED) {
            metrics.claimRejected();
            if (rejectionLogged.compareAndSet(false, true)) {
                LOG.warn("A message claimed an earlier message id ({}) without a valid seal: it is loaded under its own id."
                        + " Only messages parked by login-etl and redriven may claim one. Further such messages are only"
                        + " counted (loginetl_redrive_claims_rejected_total)", DeadLetterQueue.SOURCE_MESSAGE_ID);
            }
        }
        exchange.setProperty(PROPERTY, origin);
        return origin;
    }
}
