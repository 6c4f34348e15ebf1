package io.loginetl.tools;

/**
 * When the delay proxy holds bytes back: once per HTTP request, when its first bytes arrive, however many
 * reads the request and its response take. HTTP/1.1 keep-alive without pipelining (what the AWS SDK does)
 * alternates request and response on a connection, so client bytes after server bytes start a new request.
 */
final class RequestDelay {

    private final long delayMs;
    private boolean inRequest;

    RequestDelay(long delayMs) {
        this.delayMs = delayMs;
    }

    /** Client bytes arrived: the delay to apply before forwarding them (the full delay if they start a request). */
    synchronized long onClientBytes() {
        if (inRequest) {
            return 0;
        }
        inRequest = true;
        return delayMs;
    }

    /** Server bytes arrived: the request was answered, so the client's next bytes are a new request. */
    synchronized void onServerBytes() {
        inRequest = false;
    }
}
