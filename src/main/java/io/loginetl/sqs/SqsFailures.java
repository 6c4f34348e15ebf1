package io.loginetl.sqs;

import io.loginetl.config.StartupException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;

/**
 * What a failed SQS call may say of itself, in a log line, a health answer or the start-up line: the status
 * and the AWS error code, or the class of the client-side failure. Never the exception's text, which quotes
 * receipt handles, account ids and role names.
 */
public final class SqsFailures {

    private SqsFailures() {
    }

    /** "AccessDenied, HTTP 403", or the innermost cause's class ("ConnectException"). */
    public static String describe(SdkException failure) {
        if (failure instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ", HTTP " + service.statusCode();
        }
        Throwable innermost = failure;
        while (innermost.getCause() != null) {
            innermost = innermost.getCause();
        }
        return innermost.getClass().getSimpleName();
    }

    /**
     * The one line for an SQS call that failed at start-up, whichever code made it (our queue checks, or Camel's
     * aws2-sqs endpoint resolving its queue URL). Old LocalStack (before 3.0) is named only for the answer it
     * gives the JSON protocol of current AWS SDKs: an HTTP 5xx with no AWS error code in it. Any other answer
     * is reported as it came: its error code and status.
     */
    public static StartupException startupFailure(SdkException failure, String endpoint) {
        String where = endpointName(endpoint);
        if (failure instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            boolean noCode = code == null || code.isBlank();
            if (service.statusCode() >= 500 && noCode && !where.equals("AWS")) {
                return new StartupException("SQS at " + where + " answered HTTP " + service.statusCode() + " with no AWS error code,"
                        + " as servers do that do not speak the SQS JSON protocol of current AWS SDKs (LocalStack before 3.0,"
                        + " the take-home's image among them): use LocalStack 3 or later, or check SQS_ENDPOINT (sqs.endpoint)");
            }
            return new StartupException("SQS at " + where + " refused the request: " + (noCode ? "" : code + " ")
                    + "(HTTP " + service.statusCode() + ")" + ": check SQS_ENDPOINT (sqs.endpoint), SQS_REGION (sqs.region) and the credentials");
        }
        if (failure instanceof SdkClientException && hasIoCause(failure)) {
            return new StartupException("SQS is unreachable at " + where + ": check SQS_ENDPOINT (sqs.endpoint) and SQS_REGION (sqs.region)");
        }
        return new StartupException("cannot call SQS at " + where + " (" + failure.getClass().getSimpleName()
                + "): check SQS_ENDPOINT (sqs.endpoint), SQS_REGION (sqs.region) and the credentials");
    }

    /** The endpoint as configured, "AWS" for none. */
    public static String endpointName(String endpoint) {
        return endpoint == null || endpoint.isBlank() ? "AWS" : endpoint.strip();
    }

    private static boolean hasIoCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
