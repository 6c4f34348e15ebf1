package io.loginetl.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates login messages like the real queue's: a share of logins from devices and addresses seen
 * before (so duplicate detection has something to find) and a few bad messages of each kind.
 */
public final class LoginGenerator {

    private static final String[] LOCALES = {"RU", "US", "DE", "BR", "IN", "FR", "JP", "NG", "MX", "PL"};
    private static final String[] BAD = {
        "{\"foo\": \"oops_wrong_msg_type\", \"bar\": \"123\"}",
        "this is not json",
        "[1, 2, 3]",
        "{\"user_id\": \"u-bad-version\", \"app_version\": \"two\", \"device_type\": \"ios\", "
            + "\"ip\": \"10.0.0.1\", \"locale\": null, \"device_id\": \"000-00-0000\"}",
        "{\"user_id\": \"u-bad-ip\", \"app_version\": \"1.0\", \"device_type\": \"ios\", "
            + "\"ip\": \"300.1.2.3\", \"locale\": \"US\", \"device_id\": \"000-00-0001\"}",
    };

    private final SplittableRandom random;
    private final double repeatShare;
    private final double badShare;
    private final List<String[]> seen = new ArrayList<>();

    public LoginGenerator(long seed, double repeatShare, double badShare) {
        this.random = new SplittableRandom(seed);
        this.repeatShare = repeatShare;
        this.badShare = badShare;
    }

    /** Whether a message body is one of the deliberately bad ones. */
    public static boolean isBad(String body) {
        for (String bad : BAD) {
            if (bad.equals(body)) {
                return true;
            }
        }
        return false;
    }

    /** The next {@code count} messages. */
    public List<String> next(int count) {
        List<String> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bodies.add(next());
        }
        return bodies;
    }

    public String next() {
        if (random.nextDouble() < badShare) {
            return BAD[random.nextInt(BAD.length)];
        }
        String[] device;
        if (!seen.isEmpty() && random.nextDouble() < repeatShare) {
            device = seen.get(random.nextInt(seen.size()));
        } else {
            device = new String[] {ip(), String.format(Locale.ROOT, "%03d-%02d-%04d",
                    random.nextInt(1000), random.nextInt(100), random.nextInt(10000))};
            if (seen.size() < 100_000) {
                seen.add(device);
            }
        }
        String locale = random.nextInt(10) < 3 ? "null" : "\"" + LOCALES[random.nextInt(LOCALES.length)] + "\"";
        return String.format(Locale.ROOT,
                "{\"user_id\": \"%08x-%04x-%04x\", \"app_version\": \"%s\", \"device_type\": \"%s\", "
                        + "\"ip\": \"%s\", \"locale\": %s, \"device_id\": \"%s\"}",
                random.nextInt(), random.nextInt(0x10000), random.nextInt(0x10000), version(),
                random.nextBoolean() ? "android" : "ios", device[0], locale, device[1]);
    }

    private String version() {
        return random.nextBoolean()
                ? random.nextInt(10) + "." + random.nextInt(100)
                : random.nextInt(10) + "." + random.nextInt(10) + "." + random.nextInt(10);
    }

    private String ip() {
        if (random.nextInt(20) == 0) {
            return String.format(Locale.ROOT, "2001:db8:%x::%x", random.nextInt(0x10000), 1 + random.nextInt(0xffff));
        }
        return random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
    }
}
