package io.loginetl;

import io.loginetl.sqs.SqsFailures;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one line a failed SQS call at start-up becomes, whichever code made the call. */
class SqsStartupFailureTest {

    private static final String LOCALSTACK = "http://localstack:4566";

    @Test
    void http500FromAnEndpointPointsAtTheJsonProtocolAndLocalStack3() {
        String line = SqsFailures.startupFailure(status(500, null), LOCALSTACK).getMessage();
        assertTrue(line.startsWith("SQS at " + LOCALSTACK + " answered HTTP 500"), line);
        assertTrue(line.contains("JSON protocol") && line.contains("LocalStack 3 or later"), line);
        assertTrue(line.contains("SQS_ENDPOINT"), line);
    }

    @Test
    void http500WithAnErrorCodeFromAnEndpointIsReportedAsItCameNotAsOldLocalStack() {
        // A current LocalStack failing for its own reasons answers in the JSON protocol, with a code
        String line = SqsFailures.startupFailure(status(500, "InternalError"), LOCALSTACK).getMessage();
        assertFalse(line.contains("LocalStack") || line.contains("protocol"), line);
        assertTrue(line.contains("SQS at " + LOCALSTACK) && line.contains("InternalError (HTTP 500)"), line);
    }

    @Test
    void http500FromAwsItselfDoesNotBlameTheProtocol() {
        String line = SqsFailures.startupFailure(status(500, "InternalError"), "").getMessage();
        assertFalse(line.contains("protocol"), line);
        assertTrue(line.contains("SQS at AWS") && line.contains("InternalError (HTTP 500)"), line);
    }

    @Test
    void aRefusalNamesTheAwsErrorCodeButNotTheServersMessage() {
        SqsException denied = (SqsException) SqsException.builder().statusCode(403).message("user arn:aws:iam::1:user/x is not authorized")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("user arn:aws:iam::1:user/x").build())
                .build();
        String line = SqsFailures.startupFailure(denied, "").getMessage();
        assertTrue(line.contains("AccessDenied (HTTP 403)") && line.contains("credentials"), line);
        assertFalse(line.contains("arn:aws"), line);
    }

    @Test
    void aRefusedConnectionIsUnreachable() {
        SdkClientException refused = SdkClientException.create("Unable to execute HTTP request", new ConnectException("refused"));
        assertEquals("SQS is unreachable at " + LOCALSTACK + ": check SQS_ENDPOINT (sqs.endpoint) and SQS_REGION (sqs.region)",
                SqsFailures.startupFailure(refused, LOCALSTACK).getMessage());
    }

    @Test
    void aClientFailureWithoutANetworkCauseIsNotCalledUnreachable() {
        SdkClientException noCredentials = SdkClientException.create("Unable to load credentials from any of the providers");
        String line = SqsFailures.startupFailure(noCredentials, "").getMessage();
        assertFalse(line.contains("unreachable"), line);
        assertTrue(line.contains("credentials"), line);
    }

    @Test
    void camelsEndpointMeetingTheFailureFirstGivesTheSameLineAsOurCheck() {
        // Camel's aws2-sqs endpoint resolves its queue URL (ListQueues) as the route starts
        SdkException failure = status(500, null);
        Exception camel = new RuntimeCamelException(new FailedToStartRouteException("login-events", "aws2-sqs failed", failure));
        assertEquals(SqsFailures.startupFailure(failure, LOCALSTACK).getMessage(),
                LoginEtl.startupFailure(camel, LOCALSTACK).getMessage());
    }

    private static SdkException status(int status, String errorCode) {
        SqsException.Builder builder = SqsException.builder().statusCode(status)
                .message("Service returned HTTP status code " + status);
        if (errorCode != null) {
            builder.awsErrorDetails(AwsErrorDetails.builder().errorCode(errorCode).build());
        }
        return (SdkException) builder.build();
    }
}
