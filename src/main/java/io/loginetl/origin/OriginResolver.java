package io.loginetl.origin;

import io.loginetl.message.Origin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides the {@link Origin} of a received message from what it carried when it arrived: its own id and
 * SentTimestamp, or the earlier ones it claims if the claim's seal verifies for its body as received (a seal
 * belongs to one body, so a claim copied onto another message does not verify).
 */
public class OriginResolver {

    private static final Logger LOG = LoggerFactory.getLogger(OriginResolver.class);

    private final RedriveSeal seal;
    private final Runnable onRejectedClaim;
    private final AtomicBoolean rejectionLogged = new AtomicBoolean();

    /** {@code onRejectedClaim}: counts a claim without a valid seal. */
    public OriginResolver(RedriveSeal seal, Runnable onRejectedClaim) {
        this.seal = seal;
        this.onRejectedClaim = onRejectedClaim;
    }

    public RedriveSeal seal() {
        return seal;
    }

    /** {@code claimedId}, {@code claimedSentTimestamp}, {@code sealText}: the message's origin attributes, null when absent. */
    public Origin of(String ownId, String ownSentTimestamp, String claimedId, String claimedSentTimestamp, String sealText,
            String body) {
        if (claimedId == null && sealText == null) {
            return new Origin(ownId, ownSentTimestamp, Origin.Claim.NONE);
        }
        if (seal.verifies(sealText, claimedId, claimedSentTimestamp, body)) {
            return new Origin(claimedId, claimedSentTimestamp != null ? claimedSentTimestamp : ownSentTimestamp, Origin.Claim.VERIFIED);
        }
        onRejectedClaim.run();
        if (rejectionLogged.compareAndSet(false, true)) {
            LOG.warn("A message claimed an earlier message id ({}) without a valid seal: it is loaded under its own id."
                    + " Only messages parked by login-etl and redriven may claim one. Further such messages are only"
                    + " counted (loginetl_redrive_claims_rejected_total)", Origin.SOURCE_MESSAGE_ID);
        }
        return new Origin(ownId, ownSentTimestamp, Origin.Claim.REJECTED);
    }
}
